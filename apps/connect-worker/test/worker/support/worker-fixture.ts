import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectApp } from '../../../src/app';
import type { ConnectorPlugin } from '../../../src/connect-api/connector-plugin';
import { loadWorkerConfig } from '../../../src/config/worker-config';
import { CONNECTOR_PLUGINS } from '../../../src/plugins/registry';
import { http, type HttpResult } from '@kafka-sync/testing';

export interface WorkerInstance {
  app: NestExpressApplication;
  url: string;
  port: number;
  /** Stops it (idempotent). */
  close: () => Promise<void>;
}

export interface WorkerFixture {
  broker: EmbeddedKafka;
  /** A scratch directory removed by stop(). */
  dir: string;
  worker: WorkerInstance;
  /** Starts another worker on the same broker (e.g. after closing the first one). */
  startWorker: (env?: Record<string, string>) => Promise<WorkerInstance>;
  call: (method: string, path: string, body?: unknown) => Promise<HttpResult>;
  produce: (topic: string, messages: Array<{ key?: string | null; value: string | Buffer | null; headers?: IHeaders }>) => Promise<void>;
  /** Waits until `check` returns a truthy value, polling; throws with the last value after timeoutMs. */
  waitFor: <T>(what: string, check: () => Promise<T | false | null | undefined>, timeoutMs?: number) => Promise<T>;
  stop: () => Promise<void>;
}

/** An embedded broker in a temp dir and one connect-worker on a free port, configured from env like main.ts. */
export async function startWorkerFixture(
  prefix: string,
  env: Record<string, string> = {},
  plugins: readonly ConnectorPlugin[] = CONNECTOR_PLUGINS,
): Promise<WorkerFixture> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const broker = await EmbeddedKafka.start({ dataDir: join(dir, 'kafka'), port: 0, logLevel: 'silent' });
  const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const workers: WorkerInstance[] = [];

  const startWorker = async (extra: Record<string, string> = {}): Promise<WorkerInstance> => {
    const config = loadWorkerConfig({
      KAFKA_BROKERS: broker.bootstrap,
      CONNECT_PORT: '0',
      CONNECT_TOPICS_REGEX_REFRESH_MS: '500',
      ...env,
      ...extra,
    });
    const app = await createConnectApp(config, ['fatal'], plugins);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    let closed: Promise<void> | null = null;
    const instance: WorkerInstance = { app, port, url: `http://127.0.0.1:${port}`, close: () => (closed ??= app.close()) };
    workers.push(instance);
    return instance;
  };

  const fixture: WorkerFixture = {
    broker,
    dir,
    worker: await startWorker(),
    startWorker,
    call: (method, path, body) => http(method, `${fixture.worker.url}${path}`, body),
    produce: async (topic, messages) => void (await producer.send({ topic, acks: -1, messages })),
    waitFor: async (what, check, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        last = await check();
        if (last) return last as never;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    },
    stop: async () => {
      for (const w of workers) await w.close();
      await producer.disconnect();
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** A Connect JsonConverter envelope (schemas.enable=true) of a flat struct of optional strings/int32s. */
export function envelopeOf(name: string, payload: Record<string, string | number | null>): string {
  const fields = Object.entries(payload).map(([field, v]) => ({ type: typeof v === 'number' ? 'int32' : 'string', optional: true, field }));
  return JSON.stringify({ schema: { type: 'struct', fields, optional: false, name }, payload });
}

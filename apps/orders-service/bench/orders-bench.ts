/**
 * npm run bench:orders — autocannon against one orders-service instance (a child process, on the
 * embedded broker and the local MariaDB): POST /orders, then the same app's cheapest endpoint
 * (GET /health, no checks) as the ceiling. Prints the figures and rewrites the orders section of
 * docs/benchmarks.md.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, TEST_DATABASE_URL, throwawayDatabase, waitFor } from '@kafka-sync/testing';
import { describeMachine, fmt, measuredAt, startBuiltBroker, startChild, textTable, writeBenchSection } from '@kafka-sync/bench';

const REPO_ROOT = join(__dirname, '../../..');
const DOC_FILE = join(REPO_ROOT, 'docs/benchmarks.md');
const HEADING = '## Orders (npm run bench:orders)';
const TARGET_RATIO = 0.5;

interface Run {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options): Promise<Run> {
  const result = await autocannon(options);
  return {
    name,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '16' },
      'no-docs': { type: 'boolean', default: false },
    },
  });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-orders-kafka-'));
  const db = throwawayDatabase('bench_orders');
  const children: ChildProcess[] = [];
  try {
    const broker = await startBuiltBroker(dataDir);
    children.push(broker.child);
    const { bootstrap } = broker;
    const port = await freePort();
    const orders = await startChild(['-r', '@swc-node/register', join(REPO_ROOT, 'apps/orders-service/src/main.ts')], {
      PORT: String(port),
      KAFKA_BROKERS: bootstrap,
      DATABASE_URL: TEST_DATABASE_URL,
      ORDERS_DB: db.name,
      INSTANCE_ID: 'bench',
    });
    children.push(orders.child);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      'orders-service to be ready',
      async () =>
        (await fetch(`${base}/health/ready`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      60_000,
      250,
    );
    const body = JSON.stringify({ userId: 'bench-user', productId: 'CATALOG-001', qty: 1, unitPrice: 1500 });
    const post = {
      url: `${base}/orders`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body,
      connections,
      duration,
    };
    process.stderr.write(`[bench] warm-up\n`);
    await load('warm-up', { ...post, duration: 3 });
    process.stderr.write(`[bench] POST /orders for ${duration} s with ${connections} connections\n`);
    const orderRun = await load('POST /orders (publish, acks=all)', post);
    process.stderr.write(`[bench] GET /health for ${duration} s\n`);
    const ceiling = await load('GET /health (ceiling)', { url: `${base}/health`, connections, duration });
    const ratio = orderRun.rps / ceiling.rps;

    const headers = ['endpoint', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'];
    const rows = [orderRun, ceiling].map((r) => [
      r.name,
      fmt.int(r.requests),
      fmt.int(r.rps),
      fmt.fixed(r.p50, 1),
      fmt.fixed(r.p99, 1),
      String(r.non2xx),
      String(r.errors),
    ]);
    const verdict = `POST /orders ≥ ${TARGET_RATIO} × the ceiling: ${fmt.yesNo(ratio >= TARGET_RATIO)} (${fmt.fixed(ratio, 2)})`;
    process.stdout.write(`\n${textTable(headers, rows)}\n\n${verdict}\n`);
    if (!values['no-docs']) {
      const machine = describeMachine(dataDir);
      writeBenchSection(DOC_FILE, HEADING, {
        measured: `Measured ${measuredAt()} with \`npm run bench:orders\` (autocannon, ${connections} connections, ${duration} s per endpoint after a 3 s warm-up).`,
        machine,
        method: [
          '- One orders-service instance (a child process, as `npm run orders` and `npm start` run it) on the embedded broker (the built CLI, default flush policy) and the local MariaDB; autocannon runs in the benchmark process on the same 2-core machine, so all three compete for the CPUs.',
          '- POST /orders: each request validates the body, publishes the order record and the stock event in one kafkajs sendBatch (idempotent producer, acks=all) and answers 201 after the acknowledgement. No Idempotency-Key (so no database write per request).',
        ],
        verdict,
        headers,
        rows,
      });
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:orders failed: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});

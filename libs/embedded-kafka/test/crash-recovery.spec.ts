import { kafkaClient } from './support/kafkajs-client';
import { startBrokerProcess, type BrokerProcess } from './support/broker-process';
import { kcat } from './support/kcat';
import { tempDir } from './support/temp-dir';

const TOPIC = 'durable';
const WRITERS = 4;

describe('a broker killed with kill -9', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const started: BrokerProcess[] = [];

  async function start(dataDir: string): Promise<BrokerProcess> {
    const broker = await startBrokerProcess(['--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    started.push(broker);
    return broker;
  }

  afterAll(async () => {
    for (const broker of started) {
      broker.child.kill('SIGKILL');
      await broker.exited;
    }
    for (const dir of dirs) dir.remove();
  });

  function dataDir(): string {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  }

  it('keeps every acknowledged record exactly once and in order, and the committed offsets', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const kafka = kafkaClient(first.bootstrap);
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 } });
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
    await admin.setOffsets({
      groupId: 'keeper',
      topic: TOPIC,
      partitions: [
        { partition: 0, offset: '42' },
        { partition: 1, offset: '7' },
      ],
    });

    // Several writers produce concurrently; the broker is killed while their sends are in flight.
    const acknowledged: string[][] = Array.from({ length: WRITERS }, () => []);
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const value = `w${w}-${String(i).padStart(6, '0')}`;
        try {
          await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: `writer-${w}`, value }] });
        } catch {
          return; // the broker is gone: this send was not acknowledged
        }
        acknowledged[w].push(value);
        if (!killed && acknowledged.flat().length >= 400) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(await first.exited).toBe('SIGKILL');
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);

    const second = await start(dir);
    const dump = await kcat(['-b', second.bootstrap, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%k %s\n']);
    expect(dump.code).toBe(0);
    const stored = dump.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    for (let w = 0; w < WRITERS; w++) {
      const values = stored.filter(([key]) => key === `writer-${w}`).map(([, value]) => value);
      expect(values.length).toBe(new Set(values).size); // nothing doubled
      expect(values).toEqual([...values].sort()); // in the order sent
      expect(values.slice(0, acknowledged[w].length)).toEqual(acknowledged[w]); // every acknowledged one, first
      expect(values.length - acknowledged[w].length).toBeLessThanOrEqual(1); // at most the one in flight
    }

    const afterRestart = kafkaClient(second.bootstrap).admin();
    await afterRestart.connect();
    const [committed] = await afterRestart.fetchOffsets({ groupId: 'keeper', topics: [TOPIC] });
    await afterRestart.disconnect();
    expect(committed.partitions.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '42', metadata: null },
      { partition: 1, offset: '7', metadata: null },
    ]);
  });

  it('stops cleanly on SIGTERM and keeps its data for the next start', async () => {
    const dir = dataDir();
    const broker = await start(dir);
    const produced = await kcat(['-b', broker.bootstrap, '-P', '-t', 'graceful'], 'one\ntwo\n');
    expect(produced.code).toBe(0);
    broker.child.kill('SIGTERM');
    expect(await broker.exited).toBe(0);

    const next = await start(dir);
    const dump = await kcat(['-b', next.bootstrap, '-C', '-t', 'graceful', '-o', 'beginning', '-e', '-q']);
    expect(dump.stdout.trim().split('\n')).toEqual(['one', 'two']);
  });
});

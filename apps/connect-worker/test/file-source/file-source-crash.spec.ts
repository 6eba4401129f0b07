import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kcatRecords } from '../support/config-topic';
import { WorkerProcesses } from '../support/worker-process';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';
const TOTAL = 3000;
let f: WorkerFixture;
const processes = new WorkerProcesses();

beforeAll(async () => (f = await startWorkerFixture('cw-file-source-crash')));
afterAll(async () => {
  await processes.killAll();
  await f?.stop();
});

/** A worker in its own process (its own config topic; the offsets topic is the shared connect-offsets), to be killed with SIGKILL. */
const startWorkerProcess = (connectorsFile: string) =>
  processes.start({
    KAFKA_BROKERS: f.broker.bootstrap,
    CONNECT_CONFIG_TOPIC: 'child-configs',
    CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200',
    CONNECTORS_FILES: connectorsFile,
  });

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

it('a worker killed with SIGKILL mid-stream and restarted skips no line and repeats only those after its last committed offset', async () => {
  const input = join(f.dir, 'input.txt');
  const output = join(f.dir, 'output.txt');
  writeFileSync(input, '');
  const connectorsFile = join(f.dir, 'source.json');
  writeFileSync(
    connectorsFile,
    JSON.stringify({
      name: 'crash-source',
      config: {
        'connector.class': 'FileStreamSource',
        file: input,
        topic: 'crash-lines',
        'batch.size': '20',
        'value.converter': STRING_CONVERTER,
      },
    }),
  );
  // The sink runs in the test's worker, which is not killed: output.txt is exactly the topic.
  expect(
    (
      await f.call('PUT', '/connectors/crash-sink/config', {
        'connector.class': 'FileStreamSink',
        file: output,
        topics: 'crash-lines',
        'value.converter': STRING_CONVERTER,
      })
    ).status,
  ).toBe(201);

  // The file grows all along, 10 lines every 20 ms, so the kill lands while lines are still coming.
  let written = 0;
  const appender = setInterval(() => {
    const to = Math.min(TOTAL, written + 10);
    if (to > written) appendFileSync(input, lines(written + 1, to).join('\n') + '\n');
    written = to;
  }, 20);
  try {
    const first = await startWorkerProcess(connectorsFile);
    const offsets = async () =>
      (await kcatRecords(f.broker.bootstrap, 'connect-offsets').catch(() => [])).filter(
        (r) => r.key === `["crash-source",{"filename":"${input}"}]`,
      );
    await f.waitFor(
      'an offset commit and 300 records',
      async () => {
        if ((await offsets()).length === 0) return false;
        return (await kcatRecords(f.broker.bootstrap, 'crash-lines').catch(() => [])).length >= 300;
      },
      60_000,
    );
    await first.kill();

    const atKill = (await kcatRecords(f.broker.bootstrap, 'crash-lines')).map((r) => r.value);
    const committed = JSON.parse((await offsets()).at(-1)!.value!) as { position: number };
    const content = readFileSync(input, 'utf8');
    const committedLines = content.slice(0, committed.position).split('\n').length - 1;
    expect(Buffer.byteLength(content.slice(0, committed.position))).toBe(committed.position); // ASCII: chars are bytes
    expect(content[committed.position - 1]).toBe('\n'); // a position is always at a line's end
    expect(committedLines).toBeLessThanOrEqual(atKill.length);
    expect(atKill).toEqual(lines(1, atKill.length)); // before the kill: every line once, in order

    await startWorkerProcess(connectorsFile);
    await f.waitFor(
      'every line in the topic',
      async () => (await kcatRecords(f.broker.bootstrap, 'crash-lines')).at(-1)?.value === String(TOTAL),
      90_000,
    );
    expect(written).toBe(TOTAL);
    expect(atKill.length).toBeLessThan(TOTAL); // it really was killed mid-stream

    // At-least-once exactly as Kafka's: the lines after the last committed offset again, then on.
    const expected = [...lines(1, atKill.length), ...lines(committedLines + 1, TOTAL)];
    expect((await kcatRecords(f.broker.bootstrap, 'crash-lines')).map((r) => r.value)).toEqual(expected);
    await f.waitFor(
      'output.txt equal to the topic',
      async () => existsSync(output) && readFileSync(output, 'utf8') === expected.join('\n') + '\n',
      30_000,
    );
  } finally {
    clearInterval(appender);
  }
});

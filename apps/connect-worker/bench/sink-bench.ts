/**
 * npm run bench:sink — the orders sink (docker/connect/orders-sink.json) on one connect-worker
 * (a child process, as `npm run connect` runs it) against the embedded broker (the built CLI) and
 * the local MariaDB:
 *  1. raw baseline: N orders rows with mysql2, multi-row INSERT … ON DUPLICATE KEY UPDATE of
 *     batch.size rows, one transaction per statement, into a fresh orders table;
 *  2. catch-up: the same N orders records, produced to `orders` beforehand; the sink is registered
 *     and timed until its group has committed them all (offsets are committed only after the
 *     database transaction, and COUNT(*) = N is checked after the clock stops);
 *     1 and 2 alternate for R rounds, each phase with its own fresh table; the figures are the
 *     medians;
 *  3. lag drain: with the last sink caught up, a burst of B records produced as fast as possible,
 *     then the time from the end of the burst until the table has them all and the lag is 0;
 *  4. scaling: the same N records in a two-partition topic, caught up by the same sink with
 *     tasks.max=2 (two consumers, two database connections) into another fresh table.
 * Prints the figures and rewrites the sink section of docs/benchmarks.md.
 *
 *   --records N (SINK_BENCH_RECORDS, default 200000)   --burst B (SINK_BENCH_BURST, default 50000)
 *   --rounds R (SINK_BENCH_ROUNDS, default 5)
 *   --no-docs: leave docs/benchmarks.md alone
 *   --profile DIR: the worker writes a V8 CPU profile (--cpu-prof) into DIR when it stops
 */
import { ORDERS_TABLE_DDL, ORDERS_TOPIC, ordersMessage, type Order } from '@kafka-sync/contracts';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, waitFor } from '@kafka-sync/testing';
import { describeMachine, fmt, measuredAt, median, startBuiltBroker, startChild, textTable, writeBenchSection } from '@kafka-sync/bench';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../test/support/jdbc-sink-harness';

const REPO_ROOT = join(__dirname, '../../..');
const DOC_FILE = join(REPO_ROOT, 'docs/benchmarks.md');
const SINK_FILE = join(REPO_ROOT, 'docker/connect/orders-sink.json');
const HEADING = '## Sink (npm run bench:sink)';
const TOPIC = ORDERS_TOPIC;
/** The scaling run's topic: the same records in two partitions. */
const TOPIC_2P = 'orders-2p';
const TARGET_RATIO = 0.7;
/** The sink's batch.size default (orders-sink.json does not set it). */
const BATCH_SIZE = 3000;
const PRODUCE_BATCH = 1000;
const PRODUCE_IN_FLIGHT = 4;
const COLUMNS = ['order_id', 'user_id', 'product_id', 'qty', 'unit_price', 'total_price', 'created_at', 'instance_id'];

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function order(i: number): Order {
  return {
    orderId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    userId: `user-${i % 97}`,
    productId: `CATALOG-00${1 + (i % 3)}`,
    qty: 1 + (i % 5),
    unitPrice: 1000 + (i % 1000),
    totalPrice: (1 + (i % 5)) * (1000 + (i % 1000)),
    createdAt: new Date(Date.UTC(2026, 10, 22, 0, 0, 0) + i),
    instanceId: 'bench',
  };
}

/** Produces orders [from, to) in sends of PRODUCE_BATCH, PRODUCE_IN_FLIGHT at a time. */
async function produceOrders(producer: Producer, from: number, to: number, topic = TOPIC): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const start = next;
      const end = Math.min(to, start + PRODUCE_BATCH);
      next = end;
      const messages = [];
      for (let i = start; i < end; i++) {
        messages.push(ordersMessage(order(i)));
      }
      await producer.send({ topic, acks: -1, messages });
    }
  };
  await Promise.all(Array.from({ length: PRODUCE_IN_FLIGHT }, lane));
}

/** The table as orders-service's migration makes it (the DDL is part of the orders contract). */
async function createOrdersTable(db: ThrowawayDatabase): Promise<void> {
  await db.query(ORDERS_TABLE_DDL);
}

async function rowCount(db: ThrowawayDatabase): Promise<number> {
  const [row] = await db.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM orders');
  return Number(row.n);
}

async function groupLag(admin: Admin, groupId: string, topic = TOPIC): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  let lag = 0;
  for (const end of ends) {
    const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    lag += Number(end.high) - (Number(done) < 0 ? Number(end.low) : Number(done));
  }
  return lag;
}

/** The sink's time text for created_at (UTC wall clock, db.timezone default). */
function datetime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** The raw baseline: multi-row upserts of BATCH_SIZE rows, one transaction each. */
async function rawInsert(db: ThrowawayDatabase, total: number): Promise<number> {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: db.name,
  });
  try {
    const group = `(${COLUMNS.map(() => '?').join(',')})`;
    const update = COLUMNS.slice(1)
      .map((c) => `\`${c}\`=values(\`${c}\`)`)
      .join(',');
    const head = `insert into \`orders\`(${COLUMNS.map((c) => `\`${c}\``).join(',')}) values`;
    const started = performance.now();
    for (let start = 0; start < total; start += BATCH_SIZE) {
      const end = Math.min(total, start + BATCH_SIZE);
      const params: Array<string | number> = [];
      for (let i = start; i < end; i++) {
        const o = order(i);
        params.push(o.orderId, o.userId, o.productId, o.qty, o.unitPrice, o.totalPrice, datetime(o.createdAt), o.instanceId);
      }
      const sql = `${head}${Array.from({ length: end - start }, () => group).join(',')} on duplicate key update ${update}`;
      await connection.beginTransaction();
      await connection.query(sql, params);
      await connection.commit();
    }
    return performance.now() - started;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: process.env.SINK_BENCH_RECORDS ?? '200000' },
      burst: { type: 'string', default: process.env.SINK_BENCH_BURST ?? '50000' },
      rounds: { type: 'string', default: process.env.SINK_BENCH_ROUNDS ?? '5' },
      'no-docs': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const total = Number(values.records);
  const burst = Number(values.burst);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(burst) || burst < 0 || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error('--records and --rounds must be ≥ 1, --burst ≥ 0');
  }
  const benchStarted = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sink-kafka-'));
  const children: ChildProcess[] = [];
  const databases: ThrowawayDatabase[] = [];
  let kafka: Kafka | null = null;
  let producer: Producer | null = null;
  let admin: Admin | null = null;
  try {
    const machine = describeMachine(dataDir);
    const broker = await startBuiltBroker(dataDir);
    children.push(broker.child);
    const { bootstrap } = broker;
    kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: TOPIC, numPartitions: 1 },
        { topic: TOPIC_2P, numPartitions: 2 },
      ],
    });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    log(`producing ${fmt.int(total)} orders records to ${TOPIC}`);
    const produceStarted = performance.now();
    await produceOrders(producer, 0, total);
    const produceMs = performance.now() - produceStarted;
    await produceOrders(producer, 0, total, TOPIC_2P);

    /** A fresh orders table for one timed phase. */
    const phaseDatabase = async (prefix: string): Promise<ThrowawayDatabase> => {
      const db = await createThrowawayDatabase(prefix);
      databases.push(db);
      await createOrdersTable(db);
      return db;
    };
    /** Drops a phase's database once it is checked, so that InnoDB no longer has its pages to flush. */
    const dropDatabase = async (db: ThrowawayDatabase): Promise<void> => {
      await db.drop();
      databases.splice(databases.indexOf(db), 1);
    };

    const port = await freePort();
    const puts: number[] = [];
    const worker = await startChild(
      [
        ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : []),
        '-r',
        '@swc-node/register',
        join(REPO_ROOT, 'apps/connect-worker/src/main.ts'),
      ],
      { CONNECT_PORT: String(port), CONNECT_HOST: '127.0.0.1', KAFKA_BROKERS: bootstrap },
      undefined,
      (line) => {
        const match = /Successfully wrote (\d+) records/.exec(line);
        if (match) puts.push(Number(match[1]));
      },
    );
    children.push(worker.child);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      'the worker REST API',
      async () =>
        (await fetch(`${base}/`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      60_000,
      250,
    );
    const body = JSON.parse(readFileSync(SINK_FILE, 'utf8')) as { name: string; config: Record<string, string> };
    /** Registers a sink and times it from POST /connectors until its group has committed the whole topic. */
    const catchUp = async (
      name: string,
      config: Record<string, string>,
      topic: string,
      db: ThrowawayDatabase,
    ): Promise<{ ms: number; puts: number[] }> => {
      log(`registering ${name}; waiting until it has committed ${fmt.int(total)} records of ${topic}`);
      puts.splice(0);
      const clock = performance.now();
      const created = await fetch(`${base}/connectors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, config }),
      });
      if (created.status !== 201) throw new Error(`POST /connectors answered ${created.status}: ${await created.text()}`);
      await waitFor(`${name} caught up`, async () => (await groupLag(admin!, `connect-${name}`, topic)) === 0, 30 * 60_000, 50);
      const ms = performance.now() - clock;
      const rows = await rowCount(db);
      if (rows !== total) throw new Error(`${name}: the group committed every offset but the table has ${rows} rows, not ${total}`);
      return { ms, puts: puts.splice(0) };
    };

    // Raw and sink alternate, each round with fresh tables and a fresh consumer group: InnoDB's
    // background flushing of what an earlier phase wrote slows the next one, so neither may always
    // run first. The figures are the rounds' medians.
    const rawRuns: number[] = [];
    const sinkRuns: Array<{ ms: number; puts: number[] }> = [];
    let sinkName = '';
    let sinkDb: ThrowawayDatabase | null = null;
    for (let round = 1; round <= rounds; round++) {
      if (sinkDb !== null) {
        // The previous round's sink stops first, so that the raw baseline has the machine to itself.
        await fetch(`${base}/connectors/${sinkName}`, { method: 'DELETE' });
        await dropDatabase(sinkDb);
      }
      const rawDb = await phaseDatabase('bench_sink_raw');
      log(`round ${round}/${rounds}: raw baseline, ${fmt.int(total)} rows in multi-row upserts of ${BATCH_SIZE}`);
      rawRuns.push(await rawInsert(rawDb, total));
      if ((await rowCount(rawDb)) !== total) throw new Error('raw baseline: row count mismatch');
      await dropDatabase(rawDb);
      sinkName = `${body.name}-${round}`;
      sinkDb = await phaseDatabase('bench_sink');
      sinkRuns.push(await catchUp(sinkName, { ...body.config, ...sinkDb.connection }, TOPIC, sinkDb));
    }
    const sinkMs = median(sinkRuns.map((run) => run.ms));
    const rawMs = median(rawRuns);
    const catchUpPuts = sinkRuns[sinkRuns.length - 1].puts;

    let burstProduceMs = NaN;
    let drainMs = NaN;
    let burstPuts: number[] = [];
    if (burst > 0) {
      log(`burst: producing ${fmt.int(burst)} more records as fast as possible`);
      const burstStarted = performance.now();
      await produceOrders(producer, total, total + burst);
      const burstEnd = performance.now();
      burstProduceMs = burstEnd - burstStarted;
      const lastSinkDb = sinkDb!;
      await waitFor(
        'the burst drained',
        async () => (await rowCount(lastSinkDb)) >= total + burst && (await groupLag(admin!, `connect-${sinkName}`)) === 0,
        30 * 60_000,
        50,
      );
      drainMs = performance.now() - burstEnd;
      burstPuts = puts.splice(0);
    }
    const status = (await fetch(`${base}/connectors/${sinkName}/status`).then((r) => r.json())) as { tasks: Array<{ state: string }> };
    if (status.tasks[0]?.state !== 'RUNNING') throw new Error(`sink task is ${status.tasks[0]?.state}`);
    // The last sink stops, so that the scaling run has the worker to itself.
    await fetch(`${base}/connectors/${sinkName}`, { method: 'DELETE' });
    await dropDatabase(sinkDb!);
    const scaledDb = await phaseDatabase('bench_sink_2p');
    const scaledName = `${body.name}-2p`;
    const scaled = await catchUp(
      scaledName,
      { ...body.config, ...scaledDb.connection, topics: TOPIC_2P, 'table.name.format': 'orders', 'tasks.max': '2' },
      TOPIC_2P,
      scaledDb,
    );
    const scaledRate = total / (scaled.ms / 1000);

    const sinkRate = total / (sinkMs / 1000);
    const rawRate = total / (rawMs / 1000);
    // Each round's raw and sink ran back to back on the same machine state: the ratio is the median
    // of the rounds' own ratios, not the ratio of two medians that may come from different rounds.
    const roundRatios = sinkRuns.map((run, i) => rawRuns[i] / run.ms);
    const ratio = median(roundRatios);
    const average = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
    const perRound = (runs: number[]) => runs.map((ms) => fmt.seconds(ms)).join(' / ');
    const headers = ['phase', 'rows', 'seconds (median)', 'rows/s', 'puts', 'records/put', 'each round (s)'];
    const rows = [
      [
        `sink catch-up (register → ${fmt.int(total)} committed)`,
        fmt.int(total),
        fmt.seconds(sinkMs),
        fmt.int(sinkRate),
        fmt.int(catchUpPuts.length),
        fmt.int(average(catchUpPuts)),
        perRound(sinkRuns.map((run) => run.ms)),
      ],
      [
        `raw mysql2 multi-row upsert (${BATCH_SIZE}/txn)`,
        fmt.int(total),
        fmt.seconds(rawMs),
        fmt.int(rawRate),
        fmt.int(Math.ceil(total / BATCH_SIZE)),
        fmt.int(BATCH_SIZE),
        perRound(rawRuns),
      ],
      [
        `sink catch-up, 2 partitions, tasks.max=2`,
        fmt.int(total),
        fmt.seconds(scaled.ms),
        fmt.int(scaledRate),
        fmt.int(scaled.puts.length),
        fmt.int(average(scaled.puts)),
        '',
      ],
      [
        `burst produce (${fmt.int(burst)} records)`,
        fmt.int(burst),
        fmt.seconds(burstProduceMs),
        fmt.int(burst / (burstProduceMs / 1000)),
        '',
        '',
        '',
      ],
      [
        `lag drain after the burst (end of burst → lag 0)`,
        fmt.int(burst),
        fmt.seconds(drainMs),
        '',
        fmt.int(burstPuts.length),
        fmt.int(average(burstPuts)),
        '',
      ],
    ];
    const verdict = `sink ≥ ${TARGET_RATIO} × raw: ${fmt.yesNo(ratio >= TARGET_RATIO)} (median of the rounds' ratios ${fmt.fixed(ratio, 2)}; rounds ${roundRatios.map((r) => fmt.fixed(r, 2)).join(' / ')}; with 2 partitions and tasks.max=2, against the raw median: ${fmt.fixed(scaledRate / rawRate, 2)})`;
    process.stdout.write(`\n${textTable(headers, rows)}\n\n${verdict}; drain ${fmt.seconds(drainMs)} s\n`);
    if (!values['no-docs']) {
      writeBenchSection(DOC_FILE, HEADING, {
        measured: `Measured ${measuredAt()} with \`npm run bench:sink\` (${fmt.int(total)} records, burst ${fmt.int(burst)}; took ${Math.round((Date.now() - benchStarted) / 1000)} s; produce of the ${fmt.int(total)} records beforehand: ${fmt.seconds(produceMs)} s).`,
        machine,
        method: [
          "- One connect-worker (a child process, as `npm run connect` runs it: `node -r @swc-node/register apps/connect-worker/src/main.ts` with CONNECT_PORT / KAFKA_BROKERS) running docker/connect/orders-sink.json (upsert on order_id, batch.size 3000 and consumer.override.max.poll.records 3000, JsonConverter with schemas) against the embedded broker (the built CLI, one partition for `orders`) and the local MariaDB; the table is created by orders-service's migration in a throwaway database. The benchmark process (kafkajs producer and admin, mysql2) runs on the same machine.",
          `- Rounds: raw baseline and sink catch-up alternate ${rounds} time(s), each phase into its own fresh orders table (the previous phase's database dropped once checked): InnoDB's background flushing of what one phase wrote slows the next, so neither always runs first. The rows/s are from the medians of the rounds; the ratio is the median of the rounds' own ratios (sink and raw of one round ran back to back), each shown too.`,
          `- Sink catch-up: all ${fmt.int(total)} records are in the topic before the connector is registered (a new connector name, and so a new consumer group, each round); the clock runs from POST /connectors until the group's committed offsets reach the end of the topic (polled every 50 ms; the sink commits offsets only after the database transaction), so it includes task start and the group join; COUNT(*) = ${fmt.int(total)} is checked after the clock stops. Puts carry at most max.poll.records records (orders-sink.json sets 3000, its batch.size; Connect's default is 500), so a put is one transaction of up to 3000 rows, as on Kafka Connect with that override.`,
          `- Scaling: the same ${fmt.int(total)} records in a topic of 2 partitions, caught up by the same connector config with tasks.max=2 (two consumers and two database connections in the one worker process) into another fresh table, after the last sink was deleted; one run, compared with the raw median.`,
          `- Raw baseline: the same rows with mysql2, one \`insert … values (…),(…) on duplicate key update …\` of ${BATCH_SIZE} rows per transaction (no Kafka, no JSON).`,
          `- Lag drain: with the last round's sink caught up, ${fmt.int(burst)} records produced as fast as possible (sends of ${PRODUCE_BATCH}, ${PRODUCE_IN_FLIGHT} in flight, acks=-1); the clock runs from the end of the burst until COUNT(*) has them all and the group's lag (admin fetchOffsets vs fetchTopicOffsets) is 0. Puts / records per put are from the task's "Successfully wrote N records" log lines.`,
        ],
        verdict: `${verdict}; lag drain after a ${fmt.int(burst)}-record burst: ${fmt.seconds(drainMs)} s`,
        headers,
        rows,
      });
    }
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    for (const db of databases) await db.drop().catch((error: Error) => log(`dropping ${db.name}: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:sink failed: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});

/**
 * npm run bench:broker — kafkajs producer → broker → kafkajs consumer, against our broker (as a
 * child process, two flush policies) and librdkafka's in-memory mock cluster, plus a 1 GiB
 * restart/memory phase. Prints tables and rewrites the broker section of docs/benchmarks.md.
 */
import { readdirSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BROKER_LAUNCHER,
  cleanupNow,
  installCleanupHandlers,
  makeTempDir,
  removeTempDir,
  startBroker,
  startMockCluster,
  type BrokerChild,
  type BrokerLauncher,
  type ManagedChild,
  type Memory,
} from './processes';
import { describeMachine, fmt, markdownTable, median, textTable, writeDocSection, type Machine } from '@kafka-sync/bench';
import {
  client,
  consume,
  fillTopic,
  runWorkload,
  type ConsumeResult,
  type FillResult,
  type WorkloadOptions,
  type WorkloadResult,
} from './workload';

const DOC_FILE = 'docs/benchmarks.md';
const DOC_HEADING = '## Broker (npm run bench:broker)';
const KCAT_MOCK_ARGS = ['-b', 'x:1', '-X', 'test.mock.num.brokers=1', '-d', 'mock', '-C', '-t', 'warmup'];
const PRODUCE_RATIO_TARGET = 0.8;
const RSS_TARGET_BYTES = 150e6;
const FILL_TOPIC = 'bench-fill';

const USAGE = `usage: npm run bench:broker -- [options]
  --messages N     messages per workload run (env BENCH_MESSAGES, default 100000)
  --rounds N       workload rounds per broker, medians reported (env BENCH_ROUNDS, default 5)
  --fill-mib N     MiB written for the memory/restart phase, 0 skips it (env BENCH_FILL_MIB, default 1024)
  --no-docs        do not rewrite the broker section of ${DOC_FILE}`;

interface Options {
  messages: number;
  rounds: number;
  fillMib: number;
  docs: boolean;
}

function positiveInt(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`${name} must be an integer ≥ ${allowZero ? 0 : 1}, got "${value}"`);
  return n;
}

function parseOptions(): Options | null {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      rounds: { type: 'string' },
      'fill-mib': { type: 'string' },
      'no-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  return {
    messages: positiveInt('--messages', values.messages ?? process.env.BENCH_MESSAGES, 100_000),
    rounds: positiveInt('--rounds', values.rounds ?? process.env.BENCH_ROUNDS, 5),
    fillMib: positiveInt('--fill-mib', values['fill-mib'] ?? process.env.BENCH_FILL_MIB, 1024, true),
    docs: !values['no-docs'],
  };
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Warnings and errors the broker logged (it runs at --log-level warn), reported with the figures. */
const brokerComplaints = new Set<string>();
function collectComplaints(child: ManagedChild): void {
  for (const line of child.stderrTail().split('\n')) {
    if (/\b(WARN|ERROR)\b/.test(line)) brokerComplaints.add(line.replace(/^\S+ /, '').slice(0, 300));
  }
}

// ---------------------------------------------------------------------------------------------
// Workload runs

type TargetKey = 'default' | 'fsync' | 'mock';

interface Sample {
  result: WorkloadResult;
  startupMs: number;
  idle: Memory;
  afterProduce: Memory;
  afterConsume: Memory;
  /** CPU seconds the broker process used while producing / consuming. */
  produceCpu: number;
  consumeCpu: number;
}

const TARGETS: Record<TargetKey, string> = {
  default: 'ours, flush 1000 ms (default)',
  fsync: 'ours, flush 0 (fsync per ack)',
  mock: 'librdkafka mock (kcat)',
};

async function measure(child: ManagedChild, bootstrap: string, startupMs: number, workload: WorkloadOptions): Promise<Sample> {
  const idle = child.memory();
  const cpu = [0, 0, 0];
  let afterProduce: Memory | undefined;
  const result = await runWorkload(bootstrap, workload, {
    beforeProduce: () => (cpu[0] = child.cpuSeconds()),
    afterProduce: () => {
      cpu[1] = child.cpuSeconds();
      afterProduce = child.memory();
    },
    afterConsume: () => (cpu[2] = child.cpuSeconds()),
  });
  return {
    result,
    startupMs,
    idle,
    afterProduce: afterProduce!,
    afterConsume: child.memory(),
    produceCpu: cpu[1] - cpu[0],
    consumeCpu: cpu[2] - cpu[1],
  };
}

async function runOurs(flushIntervalMs: number, workload: WorkloadOptions): Promise<Sample> {
  const dir = makeTempDir('bench-broker-');
  let broker: BrokerChild | undefined;
  try {
    broker = await startBroker(dir, ['--flush-interval-ms', String(flushIntervalMs), '--log-level', 'warn']);
    return await measure(broker, broker.bootstrap, broker.startupMs, workload);
  } finally {
    if (broker) {
      await broker.stop();
      collectComplaints(broker);
    }
    removeTempDir(dir);
  }
}

async function runMock(workload: WorkloadOptions): Promise<Sample> {
  const started = performance.now();
  const mock = await startMockCluster(KCAT_MOCK_ARGS);
  try {
    return await measure(mock, mock.bootstrap, performance.now() - started, workload);
  } finally {
    await mock.stop('SIGTERM', 3000);
  }
}

// ---------------------------------------------------------------------------------------------
// Memory / restart phase

interface RestartRun {
  launcher: string;
  emptyStartupMs: number;
  emptyIdle: Memory;
  recoveryMs: number;
  afterRestart: Memory;
  consume: ConsumeResult;
  afterLoad: Memory;
}

interface MemoryPhase {
  fill: FillResult;
  logBytes: number;
  segments: number;
  afterFill: Memory;
  stopMs: number;
  restarts: RestartRun[];
}

function logFiles(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = logFiles(path);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.name.endsWith('.log')) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

async function withBroker<T>(dir: string, launcher: BrokerLauncher, body: (broker: BrokerChild) => Promise<T>): Promise<T> {
  const broker = await startBroker(dir, ['--log-level', 'warn'], launcher);
  try {
    return await body(broker);
  } finally {
    await broker.stop();
    collectComplaints(broker);
  }
}

async function restartRun(dataDir: string, launcher: BrokerLauncher, messages: number): Promise<RestartRun> {
  const emptyDir = makeTempDir('bench-broker-empty-');
  const empty = await withBroker(emptyDir, launcher, async (broker) => ({ startupMs: broker.startupMs, idle: broker.memory() }));
  removeTempDir(emptyDir);
  progress(`  restarting on the filled data dir (${launcher.label})`);
  return withBroker(dataDir, launcher, async (broker) => {
    const afterRestart = broker.memory();
    progress(`  recovered in ${fmt.seconds(broker.startupMs)} s; consuming all ${fmt.int(messages)} messages`);
    const consumed = await consume(client(broker.bootstrap, 'broker-bench-reload'), FILL_TOPIC, messages);
    return {
      launcher: launcher.label,
      emptyStartupMs: empty.startupMs,
      emptyIdle: empty.idle,
      recoveryMs: broker.startupMs,
      afterRestart,
      consume: consumed,
      afterLoad: broker.memory(),
    };
  });
}

async function memoryPhase(fillBytes: number): Promise<MemoryPhase> {
  const dataDir = makeTempDir('bench-broker-1g-');
  try {
    progress(`memory phase: filling ${FILL_TOPIC} with ${fmt.mib(fillBytes)} MiB`);
    let stopMs = 0;
    const filled = await (async () => {
      const broker = await startBroker(dataDir, ['--log-level', 'warn']);
      try {
        const fill = await fillTopic(broker.bootstrap, FILL_TOPIC, fillBytes);
        return { fill, afterFill: broker.memory() };
      } finally {
        const stopping = performance.now();
        await broker.stop();
        stopMs = performance.now() - stopping;
        collectComplaints(broker);
      }
    })();
    const { bytes: logBytes, files: segments } = logFiles(dataDir);
    progress(`  ${fmt.mb(logBytes)} MB of log in ${segments} segment(s), written in ${fmt.fixed(filled.fill.seconds)} s`);
    const restarts = [await restartRun(dataDir, BROKER_LAUNCHER, filled.fill.messages)];
    return { fill: filled.fill, afterFill: filled.afterFill, logBytes, segments, stopMs, restarts };
  } finally {
    removeTempDir(dataDir);
  }
}

// ---------------------------------------------------------------------------------------------
// Aggregation and output

interface Summary {
  produceRate: number;
  produceMBps: number;
  p50: number;
  p99: number;
  consumeRate: number;
  consumeMBps: number;
  /** Broker CPU time / wall time of the phase, %. */
  produceCpuPct: number;
  consumeCpuPct: number;
  laps: number;
  startupMs: number;
  idleRss: number;
  produceRss: number;
  consumeRss: number;
  peakRss: number;
}

function summarize(samples: Sample[]): Summary {
  const m = (pick: (s: Sample) => number) => median(samples.map(pick));
  const max = (pick: (s: Sample) => number) => Math.max(...samples.map(pick));
  return {
    produceRate: m((s) => s.result.produce.messages / s.result.produce.seconds),
    produceMBps: m((s) => s.result.produce.bytes / 1e6 / s.result.produce.seconds),
    p50: m((s) => s.result.produce.latencyMs.p50),
    p99: m((s) => s.result.produce.latencyMs.p99),
    consumeRate: m((s) => s.result.consume.messages / s.result.consume.seconds),
    consumeMBps: m((s) => s.result.consume.bytes / 1e6 / s.result.consume.seconds),
    produceCpuPct: m((s) => (100 * s.produceCpu) / s.result.produce.seconds),
    consumeCpuPct: m((s) => (100 * s.consumeCpu) / s.result.consume.seconds),
    laps: m((s) => s.result.consume.laps),
    startupMs: m((s) => s.startupMs),
    idleRss: max((s) => s.idle.rss),
    produceRss: max((s) => s.afterProduce.rss),
    consumeRss: max((s) => s.afterConsume.rss),
    peakRss: max((s) => s.afterConsume.hwm),
  };
}

interface Report {
  options: Options;
  machine: Machine;
  command: string;
  date: string;
  elapsedS: number;
  loadAtEnd: string;
  summaries: Record<TargetKey, Summary>;
  mockRetained: number;
  memory: MemoryPhase | null;
}

interface Table {
  name: string;
  description: string;
  headers: string[];
  rows: string[][];
}

function tables(report: Report): Table[] {
  const { summaries, memory } = report;
  const workloadRows = (Object.keys(TARGETS) as TargetKey[]).map((key) => {
    const s = summaries[key];
    return [
      TARGETS[key],
      fmt.int(s.produceRate),
      fmt.fixed(s.produceMBps),
      fmt.fixed(s.p50, 2),
      fmt.fixed(s.p99, 2),
      fmt.int(s.produceCpuPct),
      fmt.int(s.consumeRate),
      fmt.fixed(s.consumeMBps),
      fmt.int(s.consumeCpuPct),
      fmt.mb(s.idleRss),
      fmt.mb(s.produceRss),
      fmt.mb(s.consumeRss),
      fmt.mb(s.peakRss),
    ];
  });
  const ratio = (key: TargetKey, field: 'produceRate' | 'consumeRate') => summaries[key][field] / summaries.mock[field];
  const ratioRows = (['fsync', 'default'] as const).map((key) => [
    TARGETS[key],
    fmt.fixed(ratio(key, 'produceRate'), 2),
    fmt.yesNo(ratio(key, 'produceRate') >= PRODUCE_RATIO_TARGET),
    fmt.fixed(ratio(key, 'consumeRate'), 2),
  ]);
  const result: Table[] = [
    {
      name: 'Throughput, latency, RSS',
      description: `${fmt.int(report.options.messages)} x 1 KiB messages, producer.send of 100 at a time (acks=-1), then one consumer reads them; median of ${report.options.rounds} round(s). MB = 10^6 bytes. Latency per send call. CPU %: CPU time the broker process used during the phase / its wall time (one core = 100). RSS (MB) of the broker process (for the mock: the kcat process hosting it): idle, after produce, after consume, peak (VmHWM)`,
      headers: [
        'broker',
        'produce msg/s',
        'MB/s',
        'p50 ms',
        'p99 ms',
        'CPU %',
        'consume msg/s',
        'MB/s',
        'CPU %',
        'RSS idle',
        'produced',
        'consumed',
        'peak',
      ],
      rows: workloadRows,
    },
    {
      name: 'Ours / mock',
      description: `Throughput ratios (target: produce >= ${PRODUCE_RATIO_TARGET} with durability on)`,
      headers: ['broker', 'produce ratio', `>= ${PRODUCE_RATIO_TARGET}`, 'consume ratio'],
      rows: ratioRows,
    },
  ];
  if (memory) {
    result.push({
      name: 'Restart and memory with the log on disk',
      description: `Memory with ${fmt.mb(memory.logBytes)} MB (${fmt.mib(memory.logBytes)} MiB) of log in ${memory.segments} segment(s): written by ${fmt.int(memory.fill.messages)} x 1 KiB messages in ${fmt.fixed(memory.fill.seconds)} s (${fmt.fixed(memory.fill.bytes / 1e6 / memory.fill.seconds)} MB/s; RSS of the writing broker ${fmt.mb(memory.afterFill.rss)} MB, peak ${fmt.mb(memory.afterFill.hwm)} MB; clean stop ${fmt.seconds(memory.stopMs)} s), then the broker restarted on it and every message consumed. Start times (s) from spawn to \`listening on\`, on an empty data dir and on this log (recovery). RSS (MB): idle on an empty dir, right after the restart, after reading the whole log (and its anonymous / file-backed parts), peak (VmHWM) of the restarted process; target RSS < ${fmt.mb(RSS_TARGET_BYTES)} MB`,
      headers: [
        'broker process',
        'start empty s',
        'restart s',
        'RSS empty',
        'RSS restarted',
        'consume msg/s',
        'MB/s',
        'RSS loaded',
        'anon / file',
        'peak',
        `< ${fmt.mb(RSS_TARGET_BYTES)} MB`,
      ],
      rows: memory.restarts.map((r) => [
        r.launcher,
        fmt.seconds(r.emptyStartupMs),
        fmt.seconds(r.recoveryMs),
        fmt.mb(r.emptyIdle.rss),
        fmt.mb(r.afterRestart.rss),
        fmt.int(r.consume.messages / r.consume.seconds),
        fmt.fixed(r.consume.bytes / 1e6 / r.consume.seconds),
        fmt.mb(r.afterLoad.rss),
        `${fmt.mb(r.afterLoad.anon)} / ${fmt.mb(r.afterLoad.file)}`,
        fmt.mb(r.afterLoad.hwm),
        fmt.yesNo(r.afterLoad.hwm < RSS_TARGET_BYTES),
      ]),
    });
  }
  return result;
}

function targetLines(report: Report): string[] {
  const { summaries, memory } = report;
  const produceRatio = summaries.fsync.produceRate / summaries.mock.produceRate;
  const defaultRatio = summaries.default.produceRate / summaries.mock.produceRate;
  const lines = [
    `Produce throughput >= ${PRODUCE_RATIO_TARGET} x mock with durability on. ` +
      `Default (acknowledged after write(), so a killed broker loses nothing; fsync every 1 s): ${fmt.yesNo(defaultRatio >= PRODUCE_RATIO_TARGET)} (${fmt.fixed(defaultRatio, 2)}). ` +
      `Strict (fsync before every acknowledgement, nothing lost even on power loss): ${fmt.yesNo(produceRatio >= PRODUCE_RATIO_TARGET)} (${fmt.fixed(produceRatio, 2)}).`,
  ];
  if (memory) {
    const [run] = memory.restarts;
    lines.push(
      `Broker RSS < ${fmt.mb(RSS_TARGET_BYTES)} MB with ${fmt.mib(memory.logBytes)} MiB of log (peak after restart and a full read, run as npm run broker does): ` +
        `${fmt.yesNo(run.afterLoad.hwm < RSS_TARGET_BYTES)} (${fmt.mb(run.afterLoad.hwm)} MB).`,
    );
  } else {
    lines.push(`Broker RSS < ${fmt.mb(RSS_TARGET_BYTES)} MB with 1 GiB of log: not measured (memory phase skipped with --fill-mib 0).`);
  }
  return lines;
}

function printReport(report: Report): void {
  const out: string[] = ['', `Broker benchmark, ${report.date} (${fmt.fixed(report.elapsedS, 0)} s)`];
  const m = report.machine;
  out.push(
    `Machine: ${m.cpu}, ${m.cores} CPUs, ${m.ram} RAM; ${m.os}; node ${m.node}; kafkajs ${m.kafkajs}; librdkafka ${m.librdkafka}; temp dirs on ${m.filesystem} (100 KiB write + fdatasync: p50 ${fmt.fixed(m.fdatasyncMs.p50, 2)} ms, p99 ${fmt.fixed(m.fdatasyncMs.p99, 2)} ms); load average at start ${m.load}, at end ${report.loadAtEnd}`,
  );
  for (const table of tables(report))
    out.push('', `${table.name}: ${table.description.replace(/`/g, '')}`, textTable(table.headers, table.rows));
  out.push('', 'Targets:', ...targetLines(report).map((l) => `  ${l}`));
  if (brokerComplaints.size > 0) out.push('', 'Broker warnings/errors:', ...[...brokerComplaints].map((l) => `  ${l}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

function docSection(report: Report): string {
  const m = report.machine;
  const parts: string[] = [
    `Measured ${report.date} with \`${report.command}\` (took ${fmt.fixed(report.elapsedS, 0)} s).`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} logical CPUs, ${m.ram} RAM`,
    `- OS: ${m.os}; temp dirs (broker logs) on ${m.filesystem}; a 100 KiB append + fdatasync there takes p50 ${fmt.fixed(m.fdatasyncMs.p50, 2)} ms, p99 ${fmt.fixed(m.fdatasyncMs.p99, 2)} ms`,
    `- Node ${m.node}, kafkajs ${m.kafkajs}, librdkafka ${m.librdkafka} (kcat); load average at start ${m.load}, at end ${report.loadAtEnd}`,
    '',
    '### Targets',
    '',
    ...targetLines(report).map((l) => `- ${l}`),
  ];
  for (const table of tables(report))
    parts.push('', `### ${table.name}`, '', `${table.description}.`, '', markdownTable(table.headers, table.rows));
  parts.push(
    '',
    '### How it is measured',
    '',
    '- One benchmark process runs the kafkajs clients; each broker is a separate process, so its RSS (VmRSS / VmHWM from `/proc/<pid>/status`) excludes the clients. A fresh broker (and a fresh temp data dir) is used per round.',
    '- Produce: sequential `producer.send` calls of 100 x 1 KiB messages to partition 0 (one record batch per request, no compression, acks=-1) after a 5,000-message warm-up on another topic; latency is per send call.',
    '- Consume: one kafkajs consumer in a new group reads every message with `eachBatch` (default fetch sizes, auto-commit), from the log start; the clock starts when the group join completes.',
    `- Mock: \`kcat ${KCAT_MOCK_ARGS.join(' ')}\`; its bootstrap address is parsed from kcat's stderr. kafkajs' admin.createTopics fails against it (its Metadata names controller 0, which is not a broker), so the topic is auto-created (4 partitions; only partition 0 is used). It keeps everything in memory and only the newest ~5 MiB per partition (${fmt.int(report.mockRetained)} of the messages here), so its consumer seeks back to the log start at the end and reads the retained window again until it has the same number of messages (about ${fmt.fixed(report.summaries.mock.laps, 0)} laps). It also answers every Fetch with a single record batch per partition (librdkafka 2.0 mock: "FIXME: Multiple messageSets ?"), i.e. 100 messages per round trip here, where ours fills kafkajs' 1 MiB per-partition budget: the consume ratio says more about the mock than about us.`,
    '- Ours runs as `npm run broker` runs it (node dist/libs/embedded-kafka/src/cli.js, built by the npm script first; no npm in between), at --log-level warn. Start-up times are from spawn to the `listening on` line, so they include node and module loading.',
    "- With one send in flight, produce throughput is latency-bound: every microsecond the broker spends per request (validate the CRC, write() the batch, answer) adds to the client's ~1.4 ms per send, and with fsync per ack so does the disk's fdatasync (p50 above). The mock keeps everything in memory and does none of that.",
    '- The restart happens right after the log was written, so the page cache is warm: recovery reads from memory, a cold start would also wait for the disk.',
    '- Other processes on the machine (see the load average) make single figures noisy; compare rows of one run.',
  );
  if (brokerComplaints.size > 0)
    parts.push('', 'Broker warnings/errors logged during the run:', '', ...[...brokerComplaints].map((l) => `- \`${l}\``));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  installCleanupHandlers();
  const startedAt = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const machine = describeMachine(tmpdir());
  const args = process.argv.slice(2);
  const env = ['BENCH_MESSAGES', 'BENCH_ROUNDS', 'BENCH_FILL_MIB']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]} `);
  const command = `${env.join('')}npm run bench:broker${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const workload: WorkloadOptions = { messages: options.messages, batchSize: 100, messageBytes: 1024 };

  const samples: Record<TargetKey, Sample[]> = { default: [], fsync: [], mock: [] };
  for (let round = 1; round <= options.rounds; round++) {
    // Rotate the order every round so no broker always runs first (or right after another).
    const order = (['mock', 'default', 'fsync'] as const).map((_, i, all) => all[(i + round - 1) % all.length]);
    for (const key of order) {
      progress(`round ${round}/${options.rounds}: ${TARGETS[key]}`);
      const sample = key === 'mock' ? await runMock(workload) : await runOurs(key === 'default' ? 1000 : 0, workload);
      const r = sample.result;
      progress(
        `  produce ${fmt.int(r.produce.messages / r.produce.seconds)} msg/s (p99 ${fmt.fixed(r.produce.latencyMs.p99, 2)} ms), consume ${fmt.int(r.consume.messages / r.consume.seconds)} msg/s, RSS ${fmt.mb(sample.afterConsume.rss)} MB`,
      );
      samples[key].push(sample);
    }
  }
  const memory = options.fillMib > 0 ? await memoryPhase(options.fillMib * 2 ** 20) : null;

  const report: Report = {
    options,
    machine,
    command,
    date,
    elapsedS: (performance.now() - startedAt) / 1000,
    loadAtEnd: loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    summaries: { default: summarize(samples.default), fsync: summarize(samples.fsync), mock: summarize(samples.mock) },
    mockRetained: median(samples.mock.map((s) => s.result.consume.retained)),
    memory,
  };
  printReport(report);
  if (options.docs) {
    writeDocSection(join(__dirname, '../../..', DOC_FILE), DOC_HEADING, docSection(report));
    process.stdout.write(`\nWrote the "${DOC_HEADING.slice(3)}" section of ${DOC_FILE}\n`);
  }
}

main().then(
  () => {
    cleanupNow();
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(`bench:broker failed: ${error.stack ?? error.message}\n`);
    cleanupNow();
    process.exit(1);
  },
);

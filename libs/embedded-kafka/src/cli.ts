import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG } from './config';
import { LOG_LEVELS, type LogLevel } from './logger';
import { EmbeddedKafka } from './server/embedded-kafka';

const USAGE = `usage: npm run broker -- [options]
  --port N                   listen port, 0 picks a free one (default ${DEFAULT_CONFIG.port})
  --host H                   interface to bind (default ${DEFAULT_CONFIG.host})
  --advertised-host H        host clients are told to connect to (default: --host)
  --data-dir DIR             where logs, offsets and metadata live (default .data/kafka)
  --partitions N             partitions of auto-created topics (default ${DEFAULT_CONFIG.defaultPartitions})
  --no-auto-create-topics    refuse unknown topics instead of creating them
  --max-frame-bytes N        largest request accepted (default ${DEFAULT_CONFIG.maxFrameBytes})
  --max-message-bytes N      largest record batch accepted (default ${DEFAULT_CONFIG.maxMessageBytes})
  --segment-bytes N          roll a new segment file past this size (default ${DEFAULT_CONFIG.segmentBytes})
  --retention-ms N           delete segments older than this, -1 never (default ${DEFAULT_CONFIG.retentionMs})
  --retention-bytes N        per-partition size limit, -1 none (default ${DEFAULT_CONFIG.retentionBytes})
  --log-cleaner-interval-ms N  how often compacted topics are cleaned (default ${DEFAULT_CONFIG.logCleanerIntervalMs})
  --flush-interval-ms N      fsync period; 0 fsyncs before every acknowledgement (default ${DEFAULT_CONFIG.flushIntervalMs})
  --log-level L              ${LOG_LEVELS.join('|')} (default ${DEFAULT_CONFIG.logLevel})`;

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`--${flag} needs an integer, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'advertised-host': { type: 'string' },
      'data-dir': { type: 'string', default: '.data/kafka' },
      partitions: { type: 'string' },
      'no-auto-create-topics': { type: 'boolean', default: false },
      'max-frame-bytes': { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'segment-bytes': { type: 'string' },
      'retention-ms': { type: 'string' },
      'retention-bytes': { type: 'string' },
      'flush-interval-ms': { type: 'string' },
      'log-cleaner-interval-ms': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logLevel = values['log-level'] as LogLevel | undefined;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const broker = await EmbeddedKafka.start({
    dataDir: values['data-dir']!,
    port: integer('port', values.port),
    host: values.host,
    advertisedHost: values['advertised-host'],
    defaultPartitions: integer('partitions', values.partitions),
    autoCreateTopics: !values['no-auto-create-topics'],
    maxFrameBytes: integer('max-frame-bytes', values['max-frame-bytes']),
    maxMessageBytes: integer('max-message-bytes', values['max-message-bytes']),
    segmentBytes: integer('segment-bytes', values['segment-bytes']),
    retentionMs: integer('retention-ms', values['retention-ms']),
    retentionBytes: integer('retention-bytes', values['retention-bytes']),
    flushIntervalMs: integer('flush-interval-ms', values['flush-interval-ms']),
    logCleanerIntervalMs: integer('log-cleaner-interval-ms', values['log-cleaner-interval-ms']),
    logLevel,
  });
  process.stdout.write(`listening on ${broker.bootstrap}\n`);
  const shutdown = (signal: string) => {
    process.stderr.write(`${signal}: shutting down\n`);
    broker.stop().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`embedded-kafka: ${error.message}\n`);
  process.exit(1);
});

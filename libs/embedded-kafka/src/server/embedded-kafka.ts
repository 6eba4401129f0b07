import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createApiRegistry } from '../apis/registry';
import { resolveConfig, type BrokerConfig } from '../config';
import { GroupCoordinator } from '../groups/group-coordinator';
import { createLogger, type Logger } from '../logger';
import { LogCleaner } from '../storage/log-cleaner';
import { OffsetStore } from '../storage/offset-store';
import { ProducerIdAllocator } from '../storage/producer-ids';
import { TopicStore } from '../storage/topic-store';
import { BrokerContext } from './broker-context';
import { Connection } from './connection';
import { claimDataDir } from './data-dir';

export type EmbeddedKafkaOptions = Partial<BrokerConfig> & { dataDir: string; logger?: Logger };

/**
 * A single-node broker speaking the Kafka wire protocol, durable in `dataDir`.
 * `await EmbeddedKafka.start({ dataDir, port: 0 })`, then hand `broker.bootstrap` to any client.
 */
export class EmbeddedKafka {
  private readonly connections = new Set<Connection>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private boundPort = 0;
  private flushing = false;

  private constructor(
    private readonly server: Server,
    private readonly context: BrokerContext,
    private readonly releaseDataDir: () => void,
    private readonly cleaner: LogCleaner,
  ) {}

  static async start(options: EmbeddedKafkaOptions): Promise<EmbeddedKafka> {
    const { logger: givenLogger, ...partial } = options;
    const config = resolveConfig(partial);
    const logger = givenLogger ?? createLogger(config.logLevel);
    const { clusterId, release } = claimDataDir(config.dataDir);
    let topics: TopicStore | undefined;
    let offsets: OffsetStore | undefined;
    try {
      topics = new TopicStore(
        config.dataDir,
        {
          partitions: config.defaultPartitions,
          retentionMs: config.retentionMs,
          retentionBytes: config.retentionBytes,
          segmentBytes: config.segmentBytes,
          maxMessageBytes: config.maxMessageBytes,
          indexIntervalBytes: config.indexIntervalBytes,
        },
        logger,
      );
      offsets = new OffsetStore(config.dataDir);
      const groups = new GroupCoordinator(config, offsets, logger);
      const context = new BrokerContext(
        config,
        clusterId,
        topics,
        offsets,
        groups,
        new ProducerIdAllocator(config.dataDir),
        logger,
        config.advertisedHost ?? config.host,
        config.port,
      );
      const handlers = createApiRegistry();
      const server = createServer();
      const broker = new EmbeddedKafka(server, context, release, new LogCleaner(topics, logger, config.logCleanerIntervalMs));
      server.on('connection', (socket: Socket) => broker.accept(socket, handlers));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (error) => logger.error(`server error: ${error.message}`));
      context.advertisedPort = config.advertisedPort ?? (server.address() as AddressInfo).port;
      broker.boundPort = (server.address() as AddressInfo).port;
      broker.startTimers();
      logger.info(`broker ${clusterId} serving ${topics.list().length} topic(s) from ${config.dataDir} on ${broker.bootstrap}`);
      return broker;
    } catch (error) {
      topics?.close();
      offsets?.close();
      release();
      throw error;
    }
  }

  /** host:port for a client's bootstrap list. */
  get bootstrap(): string {
    return `${this.context.advertisedHost}:${this.context.advertisedPort}`;
  }

  /** The port actually bound (differs from the advertised one only when advertisedPort is set). */
  get port(): number {
    return this.boundPort;
  }

  get config(): BrokerConfig {
    return this.context.config;
  }

  private accept(socket: Socket, handlers: ReturnType<typeof createApiRegistry>): void {
    if (this.stopped) return void socket.destroy();
    const connection = new Connection(socket, this.context, handlers);
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
  }

  private startTimers(): void {
    const { flushIntervalMs, retentionCheckIntervalMs } = this.context.config;
    if (flushIntervalMs > 0) this.timers.push(setInterval(() => void this.flush(), flushIntervalMs));
    this.timers.push(setInterval(() => this.applyRetention(), retentionCheckIntervalMs));
    for (const timer of this.timers) timer.unref();
    this.cleaner.start();
  }

  /** The periodic fsync; skipped while the previous one is still running, so syncs never pile up. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      await this.context.topics.syncAll();
    } catch (error) {
      // A partition closed mid-sync (topic deleted, broker stopping) fails its fd; nothing was lost.
      this.context.logger.warn(`periodic flush: ${(error as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }

  /** Runs the retention check now (it also runs every retentionCheckIntervalMs); returns deleted segments. */
  applyRetention(now = Date.now()): number {
    return this.context.topics.applyRetention(now);
  }

  /**
   * Runs the log cleaner now (it also runs every logCleanerIntervalMs): rolls segments past
   * segment.ms and compacts the compacted topics that are dirty enough; returns the partitions cleaned.
   */
  cleanLogs(now = Date.now()): Promise<number> {
    return this.cleaner.runOnce(now);
  }

  /** Stops accepting, drops connections, fsyncs and closes every file. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.close();
    await closed;
    await this.cleaner.stop();
    this.context.groups.close();
    this.context.topics.close();
    this.context.offsets.close();
    this.releaseDataDir();
    this.context.logger.info('broker stopped');
  }
}

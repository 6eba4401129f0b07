import { EmbeddedKafka, type EmbeddedKafkaOptions } from '../../src';
import { tempDir } from './temp-dir';

export interface TestBroker {
  broker: EmbeddedKafka;
  dataDir: string;
  bootstrap: string;
  /** Stops the broker and removes its data directory. */
  cleanup: () => Promise<void>;
}

/** An in-process broker on a free port with its own temporary data directory. */
export async function startTestBroker(options: Partial<EmbeddedKafkaOptions> = {}): Promise<TestBroker> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => undefined } : tempDir();
  const broker = await EmbeddedKafka.start({ logLevel: 'warn', port: 0, ...options, dataDir: dir.path });
  return {
    broker,
    dataDir: dir.path,
    bootstrap: broker.bootstrap,
    cleanup: async () => {
      await broker.stop();
      dir.remove();
    },
  };
}

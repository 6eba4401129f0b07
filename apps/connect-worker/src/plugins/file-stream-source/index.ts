import { open, type FileHandle } from 'node:fs/promises';
import { configKey, type ConfigKey } from '../../connect-api/config-key';
import { ConnectError } from '../../connect-api/connect-error';
import type { ConnectorConfig, ConnectorPlugin, SourceTask, SourceTaskContext } from '../../connect-api/connector-plugin';
import type { SourceRecord } from '../../connect-api/source-record';
import { FILE_STREAM_VERSION } from '../file-stream-sink';
import { StopSignal } from '../../connect-api/stop-signal';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_TASK_BATCH_SIZE = 2000;
/** FileStreamSourceTask's offset key and value fields: {"filename": …} → {"position": …}. */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';
/** FileStreamSourceTask.VALUE_SCHEMA: Schema.STRING_SCHEMA (required string); no key. */
const VALUE_SCHEMA = Object.freeze({ type: 'string', optional: false } as const);
/** How long poll() waits when the file is missing or has nothing new (Kafka: wait(1000)). */
const POLL_WAIT_MS = 1000;
const READ_CHUNK = 64 * 1024;

const CONFIG_KEYS: ConfigKey[] = [
  configKey(FILE_CONFIG, 'STRING', {
    importance: 'HIGH',
    documentation: 'Source filename. If not specified, the standard input will be used',
  }),
  configKey(TOPIC_CONFIG, 'STRING', { required: true, importance: 'HIGH', documentation: 'The topic to publish data to' }),
  configKey(TASK_BATCH_SIZE_CONFIG, 'INT', {
    defaultValue: String(DEFAULT_TASK_BATCH_SIZE),
    importance: 'LOW',
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
  }),
];

/** FileStreamSourceConnector's ConfigDef checks, with Kafka's texts. */
function validate(config: ConnectorConfig): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const topic = config[TOPIC_CONFIG];
  if (topic === undefined) errors[TOPIC_CONFIG] = [`Missing required configuration "${TOPIC_CONFIG}" which has no default value.`];
  else if (topic.trim() === '')
    errors[TOPIC_CONFIG] = [`Invalid value ${topic} for configuration ${TOPIC_CONFIG}: String must be non-empty`];
  const batch = config[TASK_BATCH_SIZE_CONFIG];
  if (batch !== undefined) {
    const n = Number(batch.trim());
    if (batch.trim() === '' || !Number.isInteger(n) || n > 2147483647 || n < -2147483648)
      errors[TASK_BATCH_SIZE_CONFIG] = [`Invalid value ${batch} for configuration ${TASK_BATCH_SIZE_CONFIG}: Not a number of type INT`];
  }
  if (!config[FILE_CONFIG]?.trim())
    // Kafka reads standard input then; a worker run as a service has none worth reading.
    errors[FILE_CONFIG] = [`Reading standard input is not supported by this worker: set ${FILE_CONFIG}`];
  return errors;
}

/**
 * Kafka's FileStreamSourceTask: the lines appended to `file`, each a record with a string value
 * (no key) to `topic`, at most batch.size per poll. A line ends at \n, \r\n or \r; an unfinished
 * last line waits for its end. Each record's source offset is {"position": <byte offset after its
 * line>} under the partition {"filename": <file>}; at start the task skips to the committed
 * position. A file that does not exist yet is waited for (a warning, then poll() again in 1 s).
 * Kafka counts the position in UTF-16 chars and skips that many bytes on restart, so the two agree
 * only for ASCII; this task counts bytes, which is what skipping needs.
 */
class FileStreamSourceTask implements SourceTask {
  private filename = '';
  private topic = '';
  private batchSize = DEFAULT_TASK_BATCH_SIZE;
  private context!: SourceTaskContext;
  private file: FileHandle | null = null;
  /** Bytes read but not yet part of a complete line, and the file position where they start. */
  private pending = Buffer.alloc(0);
  private streamOffset = 0;
  private readPosition = 0;
  private readonly stopSignal = new StopSignal();

  async start(taskConfig: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    this.filename = taskConfig[FILE_CONFIG];
    this.topic = taskConfig[TOPIC_CONFIG];
    this.batchSize = Number(taskConfig[TASK_BATCH_SIZE_CONFIG] ?? DEFAULT_TASK_BATCH_SIZE);
    this.context = context;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopSignal.stopped) return null;
    if (this.file === null) {
      try {
        this.file = await open(this.filename, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new ConnectError(`Error while trying to open file ${this.filename}`, { cause: error });
        this.context.log.warn(`Couldn't find file ${this.filename} for FileStreamSourceTask, sleeping to wait for it to be created`);
        await this.stopSignal.sleep(POLL_WAIT_MS);
        return null;
      }
      const offset = await this.context.offsetStorageReader.offset({ [FILENAME_FIELD]: this.filename });
      const last = offset?.[POSITION_FIELD];
      if (last !== undefined && last !== null && !Number.isInteger(last)) throw new ConnectError('Offset position is the incorrect type');
      this.streamOffset = typeof last === 'number' ? last : 0;
      this.readPosition = this.streamOffset;
      this.pending = Buffer.alloc(0);
    }

    const records: SourceRecord[] = [];
    let nread = 0;
    while (records.length < this.batchSize) {
      const line = this.extractLine();
      if (line !== null) {
        records.push({
          sourcePartition: { [FILENAME_FIELD]: this.filename },
          sourceOffset: { [POSITION_FIELD]: this.streamOffset },
          topic: this.topic,
          kafkaPartition: null,
          key: { schema: null, value: null },
          value: { schema: VALUE_SCHEMA, value: line },
          timestamp: Date.now(),
        });
        continue;
      }
      const chunk = Buffer.alloc(READ_CHUNK);
      const { bytesRead } = await this.file.read(chunk, 0, READ_CHUNK, this.readPosition);
      nread = bytesRead;
      if (bytesRead === 0) break;
      this.readPosition += bytesRead;
      this.pending = Buffer.concat([this.pending, chunk.subarray(0, bytesRead)]);
    }
    if (records.length === 0 && nread <= 0) await this.stopSignal.sleep(POLL_WAIT_MS);
    return records.length > 0 ? records : null;
  }

  /** The next complete line of `pending` (FileStreamSourceTask.extractLine), advancing streamOffset past its end. */
  private extractLine(): string | null {
    const buffer = this.pending;
    for (let i = 0; i < buffer.length; i++) {
      const b = buffer[i];
      if (b !== 0x0a && b !== 0x0d) continue;
      let next = i + 1;
      if (b === 0x0d) {
        if (i + 1 >= buffer.length) return null; // \r at the end: it may be the start of \r\n
        if (buffer[i + 1] === 0x0a) next = i + 2;
      }
      const line = buffer.subarray(0, i).toString('utf8');
      this.pending = buffer.subarray(next);
      this.streamOffset += next;
      return line;
    }
    return null;
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    const file = this.file;
    this.file = null;
    await file?.close();
  }
}

export const fileStreamSourcePlugin: ConnectorPlugin = {
  className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
  type: 'source',
  version: FILE_STREAM_VERSION,
  taskClassName: 'org.apache.kafka.connect.file.FileStreamSourceTask',
  configKeys: () => CONFIG_KEYS,
  validate,
  // FileStreamSourceConnector.taskConfigs: only one input stream makes sense, so one task.
  taskConfigs: (config) => [{ ...config }],
  createSourceTask: () => new FileStreamSourceTask(),
};

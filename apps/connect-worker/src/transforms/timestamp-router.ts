import { ConnectDataError, type ConnectSchema } from '@kafka-sync/contracts';
import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import { javaToString } from '../worker/java-style';
import { DatePatternError, SimpleDateFormat } from './simple-date-format';
import { transformKey, type TransformDefinition } from './transform-definition';
import { addError, unknownKeyErrors } from './transform-support';

export const TIMESTAMP_ROUTER = 'org.apache.kafka.connect.transforms.TimestampRouter';

const TOPIC_FORMAT = 'topic.format';
const TIMESTAMP_FORMAT = 'timestamp.format';
const DEFAULT_TOPIC_FORMAT = '${topic}-${timestamp}';
const DEFAULT_TIMESTAMP_FORMAT = 'yyyyMMdd';

/**
 * Kafka's TimestampRouter: the topic becomes `topic.format` with every `${topic}` replaced by the
 * topic and every `${timestamp}` by the record timestamp formatted with `timestamp.format` (a
 * SimpleDateFormat pattern, UTC). A record without a timestamp is refused.
 */
export class TimestampRouter implements Transform {
  constructor(
    private readonly topicFormat: string,
    private readonly timestampFormat: SimpleDateFormat,
  ) {}

  apply(record: SinkRecord): SinkRecord {
    if (record.timestamp === null) throw new ConnectDataError(`Timestamp missing on record: ${sinkRecordString(record)}`);
    const formatted = this.timestampFormat.format(record.timestamp);
    // Pattern.LITERAL + Matcher.quoteReplacement: plain text on both sides, first ${topic} then ${timestamp}.
    const topic = this.topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted);
    return { ...record, topic };
  }
}

function schemaString(schema: ConnectSchema | null): string {
  if (schema === null) return 'null';
  const type = schema.type
    .toUpperCase()
    .replace(/^FLOAT$/, 'FLOAT32')
    .replace(/^DOUBLE$/, 'FLOAT64');
  return schema.name === undefined ? `Schema{${type}}` : `Schema{${schema.name}:${type}}`;
}

/** SinkRecord.toString, as Java prints it (headers by key only). */
function sinkRecordString(r: SinkRecord): string {
  const headers = Object.keys(r.headers);
  return (
    `SinkRecord{kafkaOffset=${r.offset}, timestampType=NoTimestampType, originalTopic=${r.originalTopic}, originalKafkaPartition=${r.partition}, originalKafkaOffset=${r.offset}} ` +
    `ConnectRecord{topic='${r.topic}', kafkaPartition=${r.partition}, key=${javaToString(r.key.value, r.key.schema)}, keySchema=${schemaString(r.key.schema)}, ` +
    `value=${javaToString(r.value.value, r.value.schema)}, valueSchema=${schemaString(r.value.schema)}, timestamp=null, ` +
    `headers=ConnectHeaders(headers=${headers.length === 0 ? '' : `[${headers.join(', ')}]`})}`
  );
}

const configKeys = () => [
  transformKey(
    TOPIC_FORMAT,
    'STRING',
    false,
    DEFAULT_TOPIC_FORMAT,
    'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
    'HIGH',
  ),
  transformKey(
    TIMESTAMP_FORMAT,
    'STRING',
    false,
    DEFAULT_TIMESTAMP_FORMAT,
    'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    'HIGH',
  ),
];

export const timestampRouterDefinition: TransformDefinition = {
  className: TIMESTAMP_ROUTER,
  configKeys,
  validate(config) {
    const errors = unknownKeyErrors(config, configKeys(), TIMESTAMP_ROUTER);
    const pattern = config[TIMESTAMP_FORMAT] ?? DEFAULT_TIMESTAMP_FORMAT;
    try {
      new SimpleDateFormat(pattern);
    } catch (error) {
      if (!(error instanceof DatePatternError)) throw error;
      // Kafka builds the SimpleDateFormat when the first record arrives (the task then fails); we refuse it here.
      addError(errors, TIMESTAMP_FORMAT, `Invalid value ${pattern} for configuration ${TIMESTAMP_FORMAT}: ${error.message}`);
    }
    return errors;
  },
  create: (config) =>
    new TimestampRouter(
      config[TOPIC_FORMAT] ?? DEFAULT_TOPIC_FORMAT,
      new SimpleDateFormat(config[TIMESTAMP_FORMAT] ?? DEFAULT_TIMESTAMP_FORMAT),
    ),
};

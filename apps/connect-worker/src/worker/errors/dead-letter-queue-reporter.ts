import type { IHeaders } from 'kafkajs';
import { javaExceptionClass, javaTrace } from '../java-style';
import type { KafkaClients } from '../kafka-clients';
import type { ConsumedRecord, ErrorReporter, ProcessingContext, TaskId } from './error-reporter';

const PREFIX = '__connect.errors.';

/**
 * Connect's DeadLetterQueueReporter (errors.deadletterqueue.topic.name, sink connectors): the
 * original record's key, value, headers and timestamp to the DLQ topic, with the
 * `__connect.errors.*` context headers when errors.deadletterqueue.context.headers.enable=true.
 */
export class DeadLetterQueueReporter implements ErrorReporter<ConsumedRecord> {
  constructor(
    private readonly task: TaskId,
    private readonly clients: KafkaClients,
    private readonly topic: string,
    private readonly contextHeaders: boolean,
  ) {}

  /** Creates the DLQ topic when it does not exist (DeadLetterQueueReporter.createAndSetup). */
  async start(): Promise<void> {
    await this.clients.ensureTopics([{ topic: this.topic, numPartitions: 1 }]);
  }

  async report({ record: { topic, partition, message }, error }: ProcessingContext<ConsumedRecord>): Promise<void> {
    const headers: IHeaders = { ...(message.headers ?? {}) };
    if (this.contextHeaders) {
      Object.assign(headers, {
        [`${PREFIX}topic`]: topic,
        [`${PREFIX}partition`]: String(partition),
        [`${PREFIX}offset`]: message.offset,
        [`${PREFIX}connector.name`]: this.task.connectorName,
        [`${PREFIX}task.id`]: String(this.task.taskId),
        [`${PREFIX}stage`]: error.stage,
        [`${PREFIX}class.name`]: error.className,
        [`${PREFIX}exception.class.name`]: javaExceptionClass(error.cause),
        [`${PREFIX}exception.message`]: error.message,
        [`${PREFIX}exception.stacktrace`]: javaTrace(error.cause),
      });
    }
    const producer = await this.clients.getProducer();
    await producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: message.key ?? null, value: message.value ?? null, headers, timestamp: message.timestamp }],
    });
  }
}

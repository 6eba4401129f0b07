import { javaExceptionClass } from '../java-style';
import type { ConsumedRecord, ErrorReporter, ProcessingContext, TaskId } from './error-reporter';

/** How a LogReporter names the record (Connect: "consumed record is {…}" for a sink, the source record for a source). */
export type RecordDescription<R> = (record: R) => string;

/** A sink task's consumer record, as Connect's LogReporter prints it. */
export const consumedRecordDescription: RecordDescription<ConsumedRecord> = ({ topic, partition, message }) =>
  `consumed record is {topic='${topic}', partition=${partition}, offset=${message.offset}, timestamp=${message.timestamp}, timestampType=CreateTime}`;

/** Connect's LogReporter (errors.log.enable=true): one error line per tolerated failure. */
export class LogReporter<R> implements ErrorReporter<R> {
  constructor(
    private readonly task: TaskId,
    private readonly describe: RecordDescription<R>,
    private readonly log: (message: string) => void,
  ) {}

  async report({ record, error }: ProcessingContext<R>): Promise<void> {
    this.log(
      `Error encountered in task ${this.task.connectorName}-${this.task.taskId}. Executing stage '${error.stage}' with class '${error.className}', where ${this.describe(record)}. ${javaExceptionClass(error.cause)}: ${error.message}`,
    );
  }
}

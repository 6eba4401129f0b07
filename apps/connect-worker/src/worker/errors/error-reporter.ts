import type { KafkaMessage } from 'kafkajs';
import type { StageError } from './retry-with-tolerance-operator';

/** Connect's ProcessingContext: the record a stage failed on, and the failure. */
export interface ProcessingContext<R> {
  record: R;
  error: StageError;
}

/** Connect's ErrorReporter: told of every failure errors.tolerance=all tolerates. */
export interface ErrorReporter<R> {
  start?(): Promise<void>;
  report(context: ProcessingContext<R>): Promise<void>;
}

/** The consumer record a sink task's failed record came from (Connect's ConsumerRecord). */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/** The task a reporter reports for (connector name and task id). */
export interface TaskId {
  connectorName: string;
  taskId: number;
}

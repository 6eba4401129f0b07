import { ConnectError } from '../../connect-api/connect-error';
import type { ErrorReporter, ProcessingContext } from './error-reporter';

/** Connect's error-handling stages (the __connect.errors.stage header). */
export type Stage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT';

/** errors.tolerance (Connect's ToleranceType). */
export type ToleranceType = 'none' | 'all';

/** A failure of one stage of a record's processing, with the stage and the class that ran it. */
export class StageError extends Error {
  constructor(
    readonly stage: Stage,
    readonly className: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Runs one stage of a record's processing; a failure carries the stage and class for error handling. */
export function execute<T>(stage: Stage, className: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new StageError(stage, className, error);
  }
}

/**
 * Connect's RetryWithToleranceOperator, for the records of one task (sink or source: `R` is what
 * the task processes): errors.tolerance=none turns a failed stage into the task's failure, all
 * reports it (log, dead letter queue) and skips the record. errors.retry.* is not implemented
 * (the worker refuses those keys), so a stage is never retried here.
 */
export class RetryWithToleranceOperator<R> {
  constructor(
    readonly tolerance: ToleranceType,
    private readonly reporters: readonly ErrorReporter<R>[],
  ) {}

  /** Whether any reporter is configured (a sink task's errant-record reporter exists only then). */
  get reporting(): boolean {
    return this.reporters.length > 0;
  }

  /** Prepares the reporters (the dead letter queue's topic). */
  async start(): Promise<void> {
    for (const reporter of this.reporters) await reporter.start?.();
  }

  /** The error to fail the task with (tolerance none), or null once the failure was reported (all). */
  async failed(record: R, error: StageError): Promise<ConnectError | null> {
    if (this.tolerance === 'none') return new ConnectError('Tolerance exceeded in error handler', { cause: error.cause });
    const context: ProcessingContext<R> = { record, error };
    for (const reporter of this.reporters) await reporter.report(context);
    return null;
  }
}

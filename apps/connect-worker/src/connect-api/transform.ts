import type { SinkRecord } from './sink-record';

/** A single message transform (SMT) configured from `transforms.<alias>.*` keys. */
export interface Transform {
  /** Returns the transformed record (a new object; the input is not modified). */
  apply(record: SinkRecord): SinkRecord;
}

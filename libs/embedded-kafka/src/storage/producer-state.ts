import { ErrorCode } from '../protocol/error-codes';
import type { BatchHeader } from '../protocol/record-batch';

/** How many recent batches per producer and partition are remembered for duplicate detection (as in Kafka). */
const WINDOW = 5;

interface RememberedBatch {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: RememberedBatch[];
}

export type SequenceVerdict =
  { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'reject'; errorCode: number; reason: string };

/** As Kafka's DefaultRecordBatch.lastSequence: by lastOffsetDelta, which a compacted batch keeps even when records were removed. */
function lastSequenceOf(header: BatchHeader): number {
  return (header.baseSequence + header.lastOffsetDelta) % 0x8000_0000;
}

/**
 * The idempotent-producer window of one partition: an exact re-send of one of the last five batches
 * is answered with its original offset instead of being appended twice; a gap or a stale epoch is refused.
 */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(header: BatchHeader): SequenceVerdict {
    if (header.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(header.producerId);
    // Unknown producer (new, or its history aged out with retention): accept, as Kafka does since 2.5.
    if (!entry) return { kind: 'append' };
    if (header.producerEpoch < entry.epoch) {
      return {
        kind: 'reject',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        reason: `epoch ${header.producerEpoch} is older than ${entry.epoch}`,
      };
    }
    if (header.producerEpoch > entry.epoch) {
      if (header.baseSequence === 0) return { kind: 'append' };
      return {
        kind: 'reject',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        reason: `new epoch must start at sequence 0, got ${header.baseSequence}`,
      };
    }
    const lastSequence = lastSequenceOf(header);
    const duplicate = entry.batches.find((b) => b.firstSequence === header.baseSequence && b.lastSequence === lastSequence);
    if (duplicate) return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
    const newest = entry.batches[entry.batches.length - 1];
    const expected = newest ? (newest.lastSequence + 1) % 0x8000_0000 : 0;
    if (header.baseSequence === expected) return { kind: 'append' };
    if (newest && header.baseSequence < expected && header.baseSequence >= entry.batches[0].firstSequence) {
      return {
        kind: 'reject',
        errorCode: ErrorCode.DUPLICATE_SEQUENCE_NUMBER,
        reason: `sequence ${header.baseSequence} was already written`,
      };
    }
    return {
      kind: 'reject',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      reason: `expected sequence ${expected}, got ${header.baseSequence}`,
    };
  }

  /** Base offset of the newest batch remembered for `producerId`: the batch the log cleaner must keep (Kafka retains each producer's last batch). */
  lastBatchBaseOffset(producerId: number): number | undefined {
    const batches = this.producers.get(producerId)?.batches;
    return batches?.[batches.length - 1]?.baseOffset;
  }

  /** Remembers an appended batch (also called while recovering the log from disk). */
  record(header: BatchHeader, baseOffset: number): void {
    if (header.producerId < 0) return;
    let entry = this.producers.get(header.producerId);
    if (!entry || header.producerEpoch > entry.epoch) {
      entry = { epoch: header.producerEpoch, batches: [] };
      this.producers.set(header.producerId, entry);
    }
    entry.batches.push({ firstSequence: header.baseSequence, lastSequence: lastSequenceOf(header), baseOffset });
    if (entry.batches.length > WINDOW) entry.batches.shift();
  }
}

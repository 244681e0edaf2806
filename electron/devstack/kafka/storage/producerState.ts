// Idempotent-producer bookkeeping for one partition: the last batch's sequence range per producer id, so a retried
// batch is answered with its original offset instead of being stored twice, and a gap is refused. Held in memory
// only: after a restart the first batch of each producer is accepted as is (lenient, like a fresh producer).
import { ErrorCode } from '../protocol/errorCodes';
import type { BatchInfo } from '../protocol/recordBatch';
import type { PartitionLog } from './partitionLog';

interface ProducerEntry {
  epoch: number;
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

export type SequenceVerdict =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'reject'; errorCode: number; message: string };

const MAX_SEQ = 0x7fffffff;

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(info: BatchInfo): SequenceVerdict {
    if (info.producerId < 0 || info.baseSequence < 0) return { kind: 'append' };
    const entry = this.producers.get(info.producerId);
    if (!entry || info.producerEpoch > entry.epoch) return { kind: 'append' };
    if (info.producerEpoch < entry.epoch) {
      return {
        kind: 'reject',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `epoch ${info.producerEpoch} is older than ${entry.epoch}`,
      };
    }
    if (info.baseSequence === entry.firstSeq && info.baseSequence + info.lastOffsetDelta === entry.lastSeq)
      return { kind: 'duplicate', baseOffset: entry.baseOffset };
    const expected = entry.lastSeq === MAX_SEQ ? 0 : entry.lastSeq + 1;
    if (info.baseSequence !== expected) {
      return {
        kind: 'reject',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `sequence ${info.baseSequence}, expected ${expected}`,
      };
    }
    return { kind: 'append' };
  }

  /**
   * A transaction marker written with `epoch`: a newer epoch (a fenced or timed-out producer) fences the older one
   * here too, and its sequences start again at 0, as Kafka's ProducerStateManager does on an epoch bump.
   */
  recordMarker(producerId: number, epoch: number): void {
    const entry = this.producers.get(producerId);
    if (entry && entry.epoch >= epoch) return;
    this.producers.set(producerId, { epoch, firstSeq: -1, lastSeq: -1, baseOffset: -1 });
  }

  /** The newest epoch seen for `producerId` in this partition, or -1. */
  epochOf(producerId: number): number {
    return this.producers.get(producerId)?.epoch ?? -1;
  }

  record(info: BatchInfo, baseOffset: number): void {
    if (info.producerId < 0 || info.baseSequence < 0) return;
    this.producers.set(info.producerId, {
      epoch: info.producerEpoch,
      firstSeq: info.baseSequence,
      lastSeq: (info.baseSequence + info.lastOffsetDelta) % (MAX_SEQ + 1),
      baseOffset,
    });
  }
}

// Keyed by the log itself, so a deleted topic's producer state goes with it.
const producerStates = new WeakMap<PartitionLog, ProducerStateTable>();

/** The idempotent-producer table of one partition log (created on first use). */
export function producerStateFor(log: PartitionLog): ProducerStateTable {
  let table = producerStates.get(log);
  if (!table) producerStates.set(log, (table = new ProducerStateTable()));
  return table;
}

// One partition's transaction bookkeeping, derived from the batches appended to (or recovered from) its log, like
// Kafka's ProducerStateManager + TransactionIndex: the open transactions (first offset per producer id) that hold the
// last stable offset back, and the aborted transactions a read_committed fetch must be told about. Bounded: entries
// wholly below the log start offset are dropped as retention or DeleteRecords move it.
import { CONTROL_BIT, ControlType, TRANSACTIONAL_BIT, controlType } from '../protocol/controlBatch';

/** A transaction that ended with an ABORT marker at `lastOffset`. */
export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

/** A transaction still open in this partition (data appended, no marker yet). */
export interface OpenTxn {
  producerId: number;
  producerEpoch: number;
  firstOffset: number;
}

/** True when the batch's attributes make it transactional data or a marker (the only batches the index looks at). */
export function isTxnBatch(attributes: number): boolean {
  return (attributes & (TRANSACTIONAL_BIT | CONTROL_BIT)) !== 0;
}

export class TxnIndex {
  private readonly open = new Map<number, OpenTxn>();
  /** In marker (lastOffset) order. */
  private aborted: AbortedTxn[] = [];
  private abortedHead = 0;

  /**
   * Records one appended batch whose attributes pass `isTxnBatch`: transactional data opens a transaction for its
   * producer (if none is open), a COMMIT or ABORT marker closes it.
   */
  observe(batch: Buffer, at: number, end: number, baseOffset: number): void {
    const attributes = batch.readInt16BE(at + 21);
    if ((attributes & TRANSACTIONAL_BIT) === 0) return; // markers carry the bit too
    const producerId = Number(batch.readBigInt64BE(at + 43));
    if ((attributes & CONTROL_BIT) === 0) {
      if (!this.open.has(producerId))
        this.open.set(producerId, { producerId, producerEpoch: batch.readInt16BE(at + 51), firstOffset: baseOffset });
      return;
    }
    const type = controlType(batch, at, end);
    if (type !== ControlType.ABORT && type !== ControlType.COMMIT) return;
    const txn = this.open.get(producerId);
    if (!txn) return;
    this.open.delete(producerId);
    if (type === ControlType.ABORT)
      this.aborted.push({ producerId, firstOffset: txn.firstOffset, lastOffset: baseOffset });
  }

  /** First offset of the oldest open transaction, else `nextOffset` (the high watermark). */
  lastStableOffset(nextOffset: number): number {
    if (this.open.size === 0) return nextOffset; // the common case, on every fetch
    let lso = nextOffset;
    for (const txn of this.open.values()) if (txn.firstOffset < lso) lso = txn.firstOffset;
    return lso;
  }

  /** Transactions still open, e.g. to abort after a restart lost the coordinator's state. */
  openTransactions(): OpenTxn[] {
    return [...this.open.values()];
  }

  /** Aborted transactions overlapping [from, to): marker at or after `from`, first offset before `to`. */
  abortedIn(from: number, to: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    // Markers are in offset order: skip those before `from` by bisection, so a fetch near the end stays cheap.
    let lo = this.abortedHead;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.aborted[mid] as AbortedTxn).lastOffset < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.aborted.length; i++) {
      const txn = this.aborted[i] as AbortedTxn;
      if (txn.firstOffset < to) out.push(txn);
    }
    return out;
  }

  /** Whether the record at `offset` of `producerId` belongs to an aborted transaction (compaction drops it). */
  isAborted(producerId: number, offset: number): boolean {
    for (let i = this.abortedHead; i < this.aborted.length; i++) {
      const txn = this.aborted[i] as AbortedTxn;
      if (txn.producerId === producerId && txn.firstOffset <= offset && offset < txn.lastOffset) return true;
    }
    return false;
  }

  /** Forgets aborted transactions whose marker is below the log start offset. */
  truncateBefore(logStartOffset: number): void {
    while (
      this.abortedHead < this.aborted.length &&
      (this.aborted[this.abortedHead] as AbortedTxn).lastOffset < logStartOffset
    )
      this.abortedHead++;
    if (this.abortedHead > 1024 && this.abortedHead * 2 > this.aborted.length) {
      this.aborted = this.aborted.slice(this.abortedHead);
      this.abortedHead = 0;
    }
  }
}

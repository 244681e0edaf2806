// The transaction coordinator, as Kafka's TransactionCoordinator runs one for the transactional ids it owns (here:
// all of them): producer id and epoch per transactional id, the partitions and groups of the open transaction, and
// EndTxn writing COMMIT / ABORT markers to every partition of it. Everything completes synchronously (one process is
// coordinator and every partition's leader), so the Prepare* states and CONCURRENT_TRANSACTIONS never show.
import type { Logger } from '../../../../shared/logger';
import type { TxnOffset, TxnOffsetSink } from '../apis/types';
import { ControlType } from '../protocol/controlBatch';
import { ErrorCode } from '../protocol/errorCodes';
import type { AppendSignal } from '../storage/appendSignal';
import type { TopicStore } from '../storage/topicStore';
import { createMarkerWriter, type TxnPartition } from './markers';
import { fromStored, newMetadata, partitionId, toStored, type TxnMetadata } from './metadata';
import { createTxnStateFile } from './stateFile';

/** Kafka's transaction.max.timeout.ms default: a longer transaction.timeout.ms gets INVALID_TRANSACTION_TIMEOUT. */
export const MAX_TRANSACTION_TIMEOUT_MS = 900_000;
/** An epoch this high is exhausted: the next InitProducerId hands out a new producer id (Kafka: Short.MaxValue - 1). */
const EXHAUSTED_EPOCH = 32766;

/** Who is asking: the transactional id with the producer id and epoch the client holds. */
export interface TxnRef {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

export interface TransactionCoordinatorOptions {
  store: TopicStore;
  signal: AppendSignal;
  logger: Logger;
  /** `<dataDir>/transactions` keeps producer ids and epochs across restarts; undefined = in memory. */
  dir: string | undefined;
  /** Hands out producer ids (shared with idempotent producers). */
  allocateProducerId(): number;
}

/** Error codes are Kafka's; PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH to versions that predate it. */
export interface TransactionCoordinator {
  initProducerId(req: TxnRef & { timeoutMs: number }): { errorCode: number; producerId: number; producerEpoch: number };
  addPartitions(ref: TxnRef, partitions: TxnPartition[]): number;
  addOffsets(ref: TxnRef, groupId: string): number;
  endTxn(ref: TxnRef, commit: boolean): number;
  txnOffsetCommit(ref: TxnRef, groupId: string, offsets: TxnOffset[]): number;
  /** 0 when a transactional batch of this producer may go to this partition, else the error Produce answers. */
  checkProduce(producerId: number, producerEpoch: number, topic: string, partition: number): number;
  attachOffsetSink(sink: TxnOffsetSink): void;
  /** Whether an open transaction has sent (TxnOffsetCommit) an offset for this group's partition. */
  pendingOffset(groupId: string, topic: string, partition: number): boolean;
  close(): void;
}

export function createTransactionCoordinator(options: TransactionCoordinatorOptions): TransactionCoordinator {
  const { logger } = options;
  const markers = createMarkerWriter(options);
  const stateFile = createTxnStateFile(options.dir, logger);
  const byId = new Map<string, TxnMetadata>();
  const byProducer = new Map<number, TxnMetadata>();
  let sink: TxnOffsetSink | undefined;

  for (const [transactionalId, stored] of stateFile.load()) {
    const meta = fromStored(transactionalId, stored);
    byId.set(transactionalId, meta);
    byProducer.set(meta.producerId, meta);
    if (meta.state === 'Ongoing') startTimer(meta);
  }
  abortLeftovers();

  /**
   * Transactions a previous run left open in the logs that no stored open transaction accounts for (a crash before
   * the state was saved, or a state file lost): nobody can end them, so they are aborted.
   */
  function abortLeftovers(): void {
    let count = 0;
    for (const topic of options.store.all()) {
      topic.partitions.forEach((log, partition) => {
        for (const open of log.txns.openTransactions()) {
          const meta = byProducer.get(open.producerId);
          const id = partitionId({ topic: topic.name, partition });
          if (meta?.state === 'Ongoing' && meta.partitions.has(id)) continue;
          markers.write(open.producerId, open.producerEpoch, ControlType.ABORT, [{ topic: topic.name, partition }]);
          count++;
        }
      });
    }
    if (count > 0) logger.warn({ count }, 'kafka txn: aborted transactions left open by the previous run');
  }

  function save(): void {
    const entries = new Map([...byId].map(([id, m]) => [id, toStored(m)]));
    try {
      stateFile.save(entries);
    } catch (error) {
      logger.error({ err: error }, 'kafka txn: could not save transaction state');
    }
  }

  function validate(ref: TxnRef): { meta: TxnMetadata } | { errorCode: number } {
    if (ref.transactionalId === '') return { errorCode: ErrorCode.INVALID_REQUEST };
    const meta = byId.get(ref.transactionalId);
    if (!meta || meta.producerId !== ref.producerId) return { errorCode: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (meta.producerEpoch !== ref.producerEpoch) return { errorCode: ErrorCode.PRODUCER_FENCED };
    return { meta };
  }

  /** The open transaction's timeout, counted from its start (also for one restored after a restart). */
  function startTimer(meta: TxnMetadata): void {
    const epoch = meta.producerEpoch;
    meta.timer = setTimeout(() => expire(meta, epoch), Math.max(0, meta.startedAt + meta.timeoutMs - Date.now()));
    meta.timer.unref();
  }

  /** Makes the transaction Ongoing (a new one when it was not), with its timeout running. */
  function begin(meta: TxnMetadata): void {
    if (meta.state === 'Ongoing') return;
    meta.state = 'Ongoing';
    meta.startedAt = Date.now();
    meta.partitions.clear();
    meta.groups.clear();
    startTimer(meta);
  }

  /** Ends an Ongoing transaction: markers at `markerEpoch` everywhere, and on commit its offsets become visible. */
  function complete(meta: TxnMetadata, commit: boolean, markerEpoch: number): void {
    clearTimeout(meta.timer);
    meta.timer = undefined;
    markers.write(
      meta.producerId,
      markerEpoch,
      commit ? ControlType.COMMIT : ControlType.ABORT,
      meta.partitions.values(),
    );
    if (commit && sink)
      for (const [groupId, offsets] of meta.groups)
        if (offsets.size > 0) sink.commitTxnOffsets(groupId, [...offsets.values()]);
    meta.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    meta.partitions.clear();
    meta.groups.clear();
    save();
  }

  /** transaction.timeout.ms passed: abort, bumping the epoch so the late producer is fenced (as Kafka does). */
  function expire(meta: TxnMetadata, epoch: number): void {
    if (meta.state !== 'Ongoing' || meta.producerEpoch !== epoch) return;
    meta.producerEpoch = Math.min(epoch + 1, EXHAUSTED_EPOCH);
    logger.info(
      { transactionalId: meta.transactionalId, timeoutMs: meta.timeoutMs },
      'kafka txn: transaction timed out, aborted',
    );
    complete(meta, false, meta.producerEpoch);
  }

  return {
    initProducerId(req) {
      if (req.transactionalId === '')
        return { errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
      if (req.timeoutMs <= 0 || req.timeoutMs > MAX_TRANSACTION_TIMEOUT_MS)
        return { errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: -1, producerEpoch: -1 };
      let meta = byId.get(req.transactionalId);
      if (!meta) {
        meta = newMetadata(req.transactionalId, options.allocateProducerId(), req.timeoutMs);
        byId.set(req.transactionalId, meta);
        byProducer.set(meta.producerId, meta);
      } else if (req.producerId >= 0 && meta.producerEpoch >= 0) {
        // v3+ (KIP-360): a producer resuming must hold the current id and epoch, else it is a zombie.
        if (req.producerId !== meta.producerId || (req.producerEpoch >= 0 && req.producerEpoch !== meta.producerEpoch))
          return { errorCode: ErrorCode.PRODUCER_FENCED, producerId: -1, producerEpoch: -1 };
      }
      if (meta.state === 'Ongoing') {
        // The previous producer's transaction is aborted under a bumped epoch, which fences it in every partition.
        meta.producerEpoch = Math.min(meta.producerEpoch + 1, EXHAUSTED_EPOCH);
        complete(meta, false, meta.producerEpoch);
      }
      if (meta.producerEpoch >= EXHAUSTED_EPOCH) {
        byProducer.delete(meta.producerId);
        meta.producerId = options.allocateProducerId();
        meta.producerEpoch = 0;
        byProducer.set(meta.producerId, meta);
      } else {
        meta.producerEpoch += 1;
      }
      meta.timeoutMs = req.timeoutMs;
      meta.state = 'Empty';
      save();
      return { errorCode: 0, producerId: meta.producerId, producerEpoch: meta.producerEpoch };
    },

    addPartitions(ref, partitions) {
      const checked = validate(ref);
      if ('errorCode' in checked) return checked.errorCode;
      const { meta } = checked;
      // Kafka's shortcut: partitions already in the open transaction need no state change (nor a write).
      if (meta.state === 'Ongoing' && partitions.every((p) => meta.partitions.has(partitionId(p)))) return 0;
      begin(meta);
      for (const p of partitions) meta.partitions.set(partitionId(p), p);
      save();
      return 0;
    },

    addOffsets(ref, groupId) {
      const checked = validate(ref);
      if ('errorCode' in checked) return checked.errorCode;
      const { meta } = checked;
      if (meta.state === 'Ongoing' && meta.groups.has(groupId)) return 0;
      begin(meta);
      meta.groups.set(groupId, new Map());
      save();
      return 0;
    },

    endTxn(ref, commit) {
      const checked = validate(ref);
      if ('errorCode' in checked) return checked.errorCode;
      const { meta } = checked;
      if (meta.state === 'Ongoing') {
        complete(meta, commit, meta.producerEpoch);
        return 0;
      }
      // A retried EndTxn of the transaction that just ended the same way succeeds; anything else is out of order.
      if (meta.state === (commit ? 'CompleteCommit' : 'CompleteAbort')) return 0;
      return ErrorCode.INVALID_TXN_STATE;
    },

    txnOffsetCommit(ref, groupId, offsets) {
      const meta = byId.get(ref.transactionalId);
      // Kafka's group coordinator takes offsets of producers it cannot check; they only show if the transaction commits.
      if (!meta || meta.producerId !== ref.producerId) return 0;
      if (ref.producerEpoch !== meta.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
      const pending = meta.state === 'Ongoing' ? meta.groups.get(groupId) : undefined;
      if (pending) {
        for (const o of offsets) pending.set(partitionId(o), o);
        save();
      }
      return 0;
    },

    checkProduce(producerId, producerEpoch, topic, partition) {
      const meta = byProducer.get(producerId);
      if (!meta) return ErrorCode.INVALID_TXN_STATE;
      if (producerEpoch !== meta.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
      if (meta.state !== 'Ongoing' || !meta.partitions.has(partitionId({ topic, partition })))
        return ErrorCode.INVALID_TXN_STATE;
      return 0;
    },

    attachOffsetSink(next) {
      sink = next;
    },

    pendingOffset(groupId, topic, partition) {
      const id = partitionId({ topic, partition });
      for (const meta of byId.values())
        if (meta.state === 'Ongoing' && meta.groups.get(groupId)?.has(id) === true) return true;
      return false;
    },

    close() {
      for (const meta of byId.values()) clearTimeout(meta.timer);
    },
  };
}

// One transactional id's coordinator state (Kafka's TransactionMetadata), and its stored form (./stateFile.ts).
import type { TxnOffset } from '../apis/types';
import type { TxnPartition } from './markers';
import { loadOffsets, storeOffsets, type StoredTxnId } from './stateFile';

/** Kafka's states minus the Prepare* ones, which never last here (markers are written synchronously). */
export type TxnState = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** When the open transaction began (its timeout counts from here). */
  startedAt: number;
  partitions: Map<string, TxnPartition>;
  /** Groups added by AddOffsetsToTxn, with the offsets TxnOffsetCommit sent for each. */
  groups: Map<string, Map<string, TxnOffset>>;
  timer: NodeJS.Timeout | undefined;
}

/** Map key of a partition (or of an offset's partition). */
export const partitionId = (p: TxnPartition): string => `${p.topic}\u0000${p.partition}`;

/** A transactional id seen for the first time: epoch -1, so its first InitProducerId answers 0. */
export function newMetadata(transactionalId: string, producerId: number, timeoutMs: number): TxnMetadata {
  return {
    transactionalId,
    producerId,
    producerEpoch: -1,
    timeoutMs,
    state: 'Empty',
    startedAt: 0,
    partitions: new Map(),
    groups: new Map(),
    timer: undefined,
  };
}

export function fromStored(transactionalId: string, stored: StoredTxnId): TxnMetadata {
  const meta = newMetadata(transactionalId, stored.producerId, stored.timeoutMs);
  meta.producerEpoch = stored.producerEpoch;
  const { open } = stored;
  if (open) {
    meta.state = 'Ongoing';
    meta.startedAt = open.startedAt;
    for (const p of open.partitions) meta.partitions.set(partitionId(p), p);
    for (const [group, offsets] of loadOffsets(open.groups))
      meta.groups.set(group, new Map(offsets.map((o) => [partitionId(o), o])));
  }
  return meta;
}

export function toStored(meta: TxnMetadata): StoredTxnId {
  const base = { producerId: meta.producerId, producerEpoch: meta.producerEpoch, timeoutMs: meta.timeoutMs };
  if (meta.state !== 'Ongoing') return base;
  const open = {
    startedAt: meta.startedAt,
    partitions: [...meta.partitions.values()],
    groups: storeOffsets(meta.groups),
  };
  return { ...base, open };
}

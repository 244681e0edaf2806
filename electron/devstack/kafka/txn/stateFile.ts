// What the transaction coordinator keeps in `<dataDir>/transactions/state.json` (Kafka keeps it in the
// __transaction_state log): per transactional id the producer id, epoch and timeout, and for an open transaction its
// partitions, groups and pending offsets, rewritten on every change. So a restarted broker hands the same producer
// id to a transactional id, keeps fencing older epochs, and lets a producer finish the transaction it had open.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';
import type { TxnOffset } from '../apis/types';
import type { TxnPartition } from './markers';

/** An open transaction as stored (offsets as decimal strings: JSON has no 64-bit integers). */
export interface StoredOpenTxn {
  startedAt: number;
  partitions: TxnPartition[];
  groups: Record<string, Array<Omit<TxnOffset, 'offset'> & { offset: string }>>;
}

/** What is remembered of one transactional id. */
export interface StoredTxnId {
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  /** Present while a transaction is open. */
  open?: StoredOpenTxn;
}

export interface TxnStateFile {
  load(): Map<string, StoredTxnId>;
  save(entries: ReadonlyMap<string, StoredTxnId>): void;
}

/** Offsets of an open transaction to their stored form and back. */
export function storeOffsets(groups: ReadonlyMap<string, ReadonlyMap<string, TxnOffset>>): StoredOpenTxn['groups'] {
  const out: StoredOpenTxn['groups'] = {};
  for (const [group, offsets] of groups)
    out[group] = [...offsets.values()].map((o) => ({ ...o, offset: o.offset.toString() }));
  return out;
}

export function loadOffsets(groups: StoredOpenTxn['groups']): Array<[string, TxnOffset[]]> {
  return Object.entries(groups).map(([group, offsets]) => [
    group,
    offsets.map((o) => ({ ...o, offset: BigInt(o.offset) })),
  ]);
}

/** A store for `dir` (undefined: in memory, nothing kept). */
export function createTxnStateFile(dir: string | undefined, logger: Logger): TxnStateFile {
  const file = dir === undefined ? undefined : join(dir, 'state.json');
  return {
    load() {
      if (file === undefined || !existsSync(file)) return new Map();
      try {
        return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredTxnId>));
      } catch (error) {
        logger.error({ err: error, file }, 'kafka txn: unreadable transaction state, starting empty');
        return new Map();
      }
    },
    save(entries) {
      if (dir === undefined || file === undefined) return;
      mkdirSync(dir, { recursive: true });
      // Written aside and renamed, so a crash leaves the old or the new file, never half of one.
      writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(entries)));
      renameSync(`${file}.tmp`, file);
    },
  };
}

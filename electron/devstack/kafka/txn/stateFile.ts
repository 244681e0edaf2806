// The producer id and epoch of each transactional id, kept in `<dataDir>/transactions/state.json` so that a
// restarted broker keeps handing the same producer id to a transactional id and keeps fencing older epochs. Open
// transactions are not persisted: after a restart their data is aborted (see coordinator.ts).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';

/** What is remembered of one transactional id. */
export interface StoredTxnId {
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
}

export interface TxnStateFile {
  load(): Map<string, StoredTxnId>;
  save(entries: ReadonlyMap<string, StoredTxnId>): void;
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

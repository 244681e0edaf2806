import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { Problem } from '../../shared/problem';
import type { UserRow } from '../../shared/user';

/** What the shared decoder answers for one message value. */
export type DecodeOutcome = { ok: true; row: UserRow; derivedId?: boolean } | { ok: false; problems: Problem[] };

/** Decodes one message value; the shared decoder (`decodeUserEvent`) in production, anything in unit tests. */
export type DecodeFn = (bytes: Uint8Array | null, maxBytes: number) => DecodeOutcome;

/**
 * Where good rows go: Cassandra in production. `done` is called once, with nothing when the row is stored or with the
 * error (`classifyWriteError` says whether to blame the row). A callback, not a promise: this runs once per message.
 */
export interface RowSink {
  write(row: UserRow, done: (error?: unknown) => void): void;
}

/** Whether a failed write is the cluster's fault (retry, never dead-letter) or the row's (counts as an attempt). */
export type WriteFailureKind = 'unavailable' | 'rejected';

/** The dead-letter topic, as the ingest loop sees it. */
export interface DeadLetterSink {
  send(record: PipelineErrorRecord, original: { key: Buffer | null; value: Buffer | null }): Promise<void>;
}

/** Running totals the metrics collector turns into rates. */
export interface IngestCounters {
  consumed: number;
  written: number;
  rejected: number;
  deadLettered: number;
  bytes: number;
}

export function emptyCounters(): IngestCounters {
  return { consumed: 0, written: 0, rejected: 0, deadLettered: 0, bytes: 0 };
}

// What the Users view asks of the core beyond a page: the size estimate, and long jobs over the whole table (count,
// export, demographics) that run in the core, report progress and can be cancelled. Plain data on both sides.
import type { Demographics } from './demographics';

/** How a user set is looked up exactly (never a scan). */
export type UsersSearchField = 'email' | 'username' | 'id';

/** An exact search: one key and its value. */
export interface UsersSearch {
  by: UsersSearchField;
  value: string;
}

/** The file formats an export writes: CSV with a header line, or JSON Lines (one object per line). */
export type UsersExportFormat = 'csv' | 'jsonl';

/** What to export: the whole table in token order, or the rows of an exact search. */
export interface UsersExportRequest {
  format: UsersExportFormat;
  search?: UsersSearch;
}

/** The table's size as Cassandra estimates it (`system.size_estimates`, summed over every node), never a scan. */
export type UsersEstimate =
  | {
      state: 'ok';
      /** Sum of `partitions_count` over every node's primary ranges: one partition is one user. */
      users: number;
      /** Nodes asked, and nodes that answered (an estimate from fewer nodes is too low). */
      hosts: number;
      hostsAnswered: number;
      /** Epoch ms when the core read it (Cassandra itself refreshes the table every few minutes, from flushed data). */
      at: number;
    }
  | { state: 'unavailable'; reason: string; at: number };

/** The kinds of long job the core runs for the Users view. */
export type UsersJobKind = 'count' | 'export' | 'demographics';

/** Where a job is. */
export type UsersJobState = 'running' | 'done' | 'cancelled' | 'failed';

/** What a finished job found. */
export type UsersJobResult =
  | { kind: 'count'; count: number; at: number }
  | {
      kind: 'export';
      format: UsersExportFormat;
      rows: number;
      bytes: number;
      fileName: string;
      /** Where the core wrote it (desktop); null for a browser download. */
      path: string | null;
    }
  | { kind: 'demographics'; demographics: Demographics; sample: boolean };

/** One long job as the renderer sees it: progress, speed, ETA (from the estimate) and the result once done. */
export interface UsersJob {
  id: string;
  kind: UsersJobKind;
  state: UsersJobState;
  /** A few words on what it does, e.g. "Export CSV" or "Demographics over a sample of 2,000". */
  label: string;
  rows: number;
  rowsPerSecond: number;
  /** Rows expected (the estimate, a sample size or a search's hits); null when unknown. */
  expected: number | null;
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  result: UsersJobResult | null;
}

/** How often the Users view asks for the estimate; the core re-reads size_estimates at most every 30 s whatever this is. */
export const USERS_ESTIMATE_POLL_MS = 10_000;

/** The core re-reads `system.size_estimates` at most this often. */
export const USERS_ESTIMATE_MAX_AGE_MS = 30_000;

/** Rows in a demographics sample: the first N in token order are a uniform sample of ids. */
export const DEMOGRAPHICS_SAMPLE = 2000;

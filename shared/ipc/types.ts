// Plain-data shapes that cross IPC and the WebSocket. They mirror electron/core/types.ts field for field (shared/ may not
// import electron/); electron/backend/coreHandlers.ts assigns Core results to these types, so a drift fails to compile.
import type { UserRow } from '../user';

/** A user the pipeline just wrote, for the live feed. */
export interface RecentUserView {
  row: UserRow;
  writtenAt: number;
  partition: number;
  offset: string;
}

/** One structured log line (secrets already redacted). */
export interface LogLineView {
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** Where offsets go on reset. */
export type OffsetTargetView = 'earliest' | 'latest' | { timestamp: number };

/** What "Test Kafka" / "Test Cassandra" found. */
export interface ConnectionReportView {
  ok: boolean;
  code: string;
  message: string;
  details: Record<string, string>;
  elapsedMs: number;
}

/** The demo producer's state. */
export interface ProducerStatusView {
  running: boolean;
  ratePerSecond: number;
  badRatio: number;
  sent: number;
  targetIsExternal: boolean;
}

/** A page of users; `nextPageState` is opaque. */
export interface UsersPageView {
  rows: UserRow[];
  nextPageState: string | null;
}

/** Facts about the running instance. */
export interface AppInfoView {
  version: string;
  embedded: boolean;
  dataDir: string;
  logFile: string;
  devstack: { kafka: string; cql: string } | null;
  /** Which transport serves the renderer. */
  host: 'electron' | 'web';
  /** Only watches the group's workers, never consumes (`web --monitor` or the "Monitor only" setting). */
  monitor?: boolean;
}

/** An error crossing the boundary; `problems` names fields when settings were invalid. */
export interface IpcError {
  code: string;
  message: string;
  retriable: boolean;
  problems?: { field: string; message: string }[];
}

/** Every answer of the contract: a value or an error, never a throw. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

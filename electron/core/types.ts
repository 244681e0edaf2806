// The contract between the engine (pipeline + embedded stack + producer, composed by createCore) and its transports:
// Electron IPC, the browser-mode WebSocket host and the CLI. Everything here is plain data, so each transport can pass
// it through its own serialisation; the IPC contract in shared/ipc/ mirrors these methods one to one.
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { FleetView } from '../../shared/fleet';
import type { MetricsSnapshot } from '../../shared/metrics';
import type { PipelineStatus } from '../../shared/pipelineState';
import type { AppError, Result } from '../../shared/result';
import type { ProfileExport, ProfileSummary, ProfilesView, SettingsView } from '../../shared/ipc';
import type { Settings, SettingsInput, SettingsProblem } from '../../shared/settings';
import type { UserRow } from '../../shared/user';
import type { UsersEstimate, UsersExportRequest, UsersJob } from '../../shared/usersJobs';
import type { UsersExportStream } from './usersService';

/** A user the pipeline just wrote, for the live feed. */
export interface RecentUser {
  row: UserRow;
  /** Epoch milliseconds of the Cassandra acknowledgement. */
  writtenAt: number;
  partition: number;
  offset: string;
}

/** One structured log line as subscribers see it (secrets already redacted). */
export interface LogLine {
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** Where offsets go on reset. */
export type OffsetTarget = 'earliest' | 'latest' | { timestamp: number };

/** What "Test Kafka" / "Test Cassandra" found, phrased so a person can act on it. */
export interface ConnectionReport {
  ok: boolean;
  /** e.g. `unreachable`, `tls_failed`, `auth_failed`, `topic_missing`, `keyspace_missing`, `unknown_dc`, `ok`. */
  code: string;
  message: string;
  /** Facts found on the way: cluster id, broker count, release version, data centers... */
  details: Record<string, string>;
  elapsedMs: number;
}

/** The demo producer's state. */
export interface ProducerStatus {
  running: boolean;
  ratePerSecond: number;
  badRatio: number;
  sent: number;
  /** Target cluster is not the embedded stack: the UI warns. */
  targetIsExternal: boolean;
}

/** A page of users; `pageState` is opaque and goes back as it came. */
export interface UsersPage {
  rows: UserRow[];
  nextPageState: string | null;
}

/** Facts about this running instance. */
export interface AppInfo {
  version: string;
  /** Whether the pipeline is pointed at the embedded dev stack. */
  embedded: boolean;
  dataDir: string;
  logFile: string;
  devstack: { kafka: string; cql: string } | null;
  /** A pure monitor: no pipeline, never joins the group (`userstream web --monitor`). */
  monitor?: boolean;
}

/** Events the core emits; every one is already batched at the source (at most ~10 per second each). */
export interface CoreEvents {
  status: PipelineStatus;
  metrics: MetricsSnapshot;
  /** The users written since the last event, newest last, capped. */
  users: RecentUser[];
  /** New error records since the last event. */
  errors: PipelineErrorRecord[];
  logs: LogLine[];
  producer: ProducerStatus;
  /** The group's workers, at most once a second while someone watches. */
  fleet: FleetView;
  /** The profile list or the active profile changed. */
  profiles: ProfilesView;
  /** The Users view's jobs (count, export, demographics): the whole small list on every change, ≤ 4 a second. */
  usersJobs: UsersJob[];
}

/** One running Userstream instance: the only thing transports talk to. */
export interface Core {
  info(): AppInfo;

  status(): PipelineStatus;
  start(): Promise<Result<void>>;
  stop(): Promise<Result<void>>;
  pause(): Promise<Result<void>>;
  resume(): Promise<Result<void>>;
  resetOffsets(to: OffsetTarget): Promise<Result<void>>;
  /** Snapshots of the last hour (persisted across restarts), oldest first. */
  metricsHistory(): MetricsSnapshot[];
  recentUsers(): RecentUser[];

  /** Newest first; `reason` filters by problem code. */
  listErrors(query: { reason?: string; limit?: number }): PipelineErrorRecord[];
  /** Produces `value` (edited by the user) to the source topic; the error stays in the log, marked by the UI. */
  replayError(request: { id: string; value: string }): Promise<Result<{ partition: number; offset: string }>>;

  /**
   * The settings in force as the user gave them (file ← environment ← flags; their own cluster's addresses even while
   * the embedded stack is in use), passwords included. Never logged, never sent to a renderer: see `settingsView`.
   */
  getSettings(): Settings;
  /** What the Settings view shows: per field the effective value and its source, the profile's own values; no password. */
  settingsView(): SettingsView;
  /**
   * Validates, persists and restarts the pipeline with the active profile's new settings (an input without
   * `devstack.enabled` keeps the current choice). An empty password keeps the stored one only while the hosts, user
   * and mechanism it was entered for are unchanged; otherwise the password field is a problem. Fields an environment
   * variable or a flag sets keep the profile's own value.
   */
  saveSettings(input: SettingsInput): Promise<Result<Settings, SettingsProblem[] | AppError>>;
  /**
   * Tests exactly `input` layered over the settings in force (the input wins over the environment): the embedded stack
   * only if it says `devstack.enabled`. A stored password goes along only to where it was entered.
   */
  testKafka(input: SettingsInput): Promise<ConnectionReport>;
  testCassandra(input: SettingsInput): Promise<ConnectionReport>;

  /** Named connections, each with its own settings and secrets. */
  profiles: {
    list(): ProfilesView;
    /** Stops the pipeline cleanly, puts the profile in force, restarts the pipeline if it was running. */
    switch(id: string): Promise<Result<Settings, SettingsProblem[] | AppError>>;
    create(request: {
      name: string;
      copyOf?: string;
      embedded?: boolean;
    }): Promise<Result<ProfileSummary, SettingsProblem[] | AppError>>;
    rename(id: string, name: string): Promise<Result<ProfileSummary, SettingsProblem[] | AppError>>;
    /** Not the active one; its secrets are deleted with it. */
    remove(id: string): Promise<Result<ProfilesView, SettingsProblem[] | AppError>>;
    /** The profile's settings as JSON without any password. */
    exportProfile(id: string): Promise<Result<ProfileExport, SettingsProblem[]>>;
    importProfile(json: string): Promise<Result<ProfileSummary, SettingsProblem[] | AppError>>;
  };

  users: {
    page(request: { pageSize: number; pageState: string | null }): Promise<Result<UsersPage>>;
    byId(id: string): Promise<Result<UserRow | null>>;
    byEmail(email: string): Promise<Result<UserRow[]>>;
    byUsername(username: string): Promise<Result<UserRow[]>>;
    /** From `system.size_estimates` on every node, cached for 30 s: never a scan. */
    estimate(): Promise<Result<UsersEstimate>>;
    /** Starts a token-range count of ids; progress comes as `usersJobs` events. */
    countExactly(): Promise<Result<UsersJob>>;
    demographics(sample: number | null): Promise<Result<UsersJob>>;
    /** Host-only: `path` comes from a save dialog, never from a renderer. Written under a temporary name, then renamed. */
    exportToFile(path: string, request: UsersExportRequest): Promise<Result<UsersJob>>;
    /** Host-only: the export as chunks the host pulls (a browser download); stopping the pull cancels the job. */
    exportStream(request: UsersExportRequest): Promise<Result<UsersExportStream>>;
    cancelJob(id: string): Promise<Result<void>>;
    jobs(): UsersJob[];
  };

  producer: {
    status(): ProducerStatus;
    start(options: { ratePerSecond: number; badRatio: number }): Promise<Result<ProducerStatus>>;
    stop(): Promise<Result<ProducerStatus>>;
  };

  recentLogs(): LogLine[];

  /** Every worker of the group (members and heartbeats); never joins the group. */
  fleet: {
    /** The latest view; the first call starts the reader (a monitor starts it at once), so it is null at first. */
    view(): FleetView | null;
  };

  on<E extends keyof CoreEvents>(event: E, listener: (payload: CoreEvents[E]) => void): () => void;
  /** Stops the producer and the pipeline gracefully, then the embedded stack; idempotent. */
  close(): Promise<void>;
}

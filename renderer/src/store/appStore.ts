import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PipelineErrorRecord } from '../../../shared/errorRecord';
import type { AppInfoView, LogLineView, ProducerStatusView, RecentUserView } from '../../../shared/ipc';
import type { MetricsSnapshot } from '../../../shared/metrics';
import type { PipelineStatus } from '../../../shared/pipelineState';
import type { GroupSample } from '../features/dashboard/rebalances';
import { appendBounded } from './ring';

/** Bounds of the renderer's buffers: 15 min of 1 s metrics, the feed, the error list and the log tail. */
export const LIMITS = { metrics: 900, users: 50, errors: 500, logs: 2000, groupSamples: 900 } as const;

/** Everything streamed from the host, in one store made of small slices. */
export interface AppState {
  connected: boolean;
  info: AppInfoView | null;
  status: PipelineStatus | null;
  metrics: MetricsSnapshot[];
  recentUsers: RecentUserView[];
  errors: PipelineErrorRecord[];
  logs: LogLineView[];
  producer: ProducerStatusView | null;
  /** The group as the fleet reader saw it, about once a second: a monitor's source for rebalances. */
  groupSamples: GroupSample[];
  /** Commits applied so far; lets tests see that a burst became one commit. */
  commits: number;
}

/** One change from a stream or an initial load; applied in batches. */
export type StoreUpdate =
  | { kind: 'connected'; connected: boolean }
  | { kind: 'info'; info: AppInfoView }
  | { kind: 'status'; status: PipelineStatus }
  | { kind: 'metrics'; snapshots: MetricsSnapshot[]; replace?: boolean }
  | { kind: 'users'; users: RecentUserView[]; replace?: boolean }
  | { kind: 'errors'; errors: PipelineErrorRecord[]; replace?: boolean }
  | { kind: 'logs'; lines: LogLineView[]; replace?: boolean }
  | { kind: 'producer'; producer: ProducerStatusView }
  | { kind: 'group'; sample: GroupSample };

/** Applies a batch of updates to a state, purely. */
export function reduceUpdates(state: AppState, updates: readonly StoreUpdate[]): AppState {
  const next = { ...state, commits: state.commits + 1 };
  for (const u of updates) {
    switch (u.kind) {
      case 'connected':
        next.connected = u.connected;
        break;
      case 'info':
        next.info = u.info;
        break;
      case 'status':
        next.status = u.status;
        break;
      case 'producer':
        next.producer = u.producer;
        break;
      case 'metrics': {
        const base = u.replace ? [] : next.metrics;
        // A restart may replay a snapshot we have; keep time strictly increasing so charts never fold back.
        const lastAt = base.at(-1)?.at ?? -Infinity;
        next.metrics = appendBounded(
          base,
          u.snapshots.filter((s) => s.at > lastAt),
          LIMITS.metrics,
        );
        break;
      }
      case 'users':
        next.recentUsers = appendBounded(u.replace ? [] : next.recentUsers, u.users, LIMITS.users);
        break;
      case 'errors': {
        // Errors are kept newest first, like the host lists them.
        const incoming = [...u.errors].sort((a, b) => b.at - a.at);
        const known = new Set(incoming.map((e) => e.id));
        const base = u.replace ? [] : next.errors.filter((e) => !known.has(e.id));
        next.errors = incoming.concat(base).slice(0, LIMITS.errors);
        break;
      }
      case 'group':
        if (u.sample.at > (next.groupSamples.at(-1)?.at ?? -Infinity))
          next.groupSamples = appendBounded(next.groupSamples, [u.sample], LIMITS.groupSamples);
        break;
      case 'logs':
        next.logs = appendBounded(u.replace ? [] : next.logs, u.lines, LIMITS.logs);
        break;
    }
  }
  return next;
}

/** The initial, empty state. */
export const INITIAL_STATE: AppState = {
  connected: false,
  info: null,
  status: null,
  metrics: [],
  recentUsers: [],
  errors: [],
  logs: [],
  producer: null,
  groupSamples: [],
  commits: 0,
};

/** A fresh store (one per app, one per test). */
export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>(() => INITIAL_STATE);
}

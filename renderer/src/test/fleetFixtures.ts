import type { FleetView, FleetWorker } from '../../../shared/fleet';

/** A live, running worker `n` that owns partition `n`, with `over` applied. */
export const fleetWorker = (n: number, over: Partial<FleetWorker> = {}): FleetWorker => ({
  key: `w${n}`,
  workerId: `w${n}`,
  memberId: `m${n}`,
  clientId: `userstream-w${n}`,
  host: '10.0.0.1',
  pid: 100 + n,
  inGroup: true,
  partitions: [n],
  state: 'running',
  liveness: 'live',
  rates: { consumed: 10, written: 10, rejected: 0 },
  totals: { written: 1_000, rejected: 5, deadLettered: 5 },
  lag: 0,
  p99Ms: 12,
  lastSeen: Date.now(),
  lastError: null,
  version: '0.1.0',
  ...over,
});

/** A fleet of three partitions without lag, holding `workers`. */
export const fleetView = (workers: FleetWorker[], over: Partial<FleetView> = {}): FleetView => ({
  at: Date.now(),
  groupId: 'userstream',
  topic: 'users_created',
  topicPartitions: 3,
  totalLag: 0,
  partitions: [0, 1, 2].map((partition) => ({
    topic: 'users_created',
    partition,
    committedOffset: 100,
    highWatermark: 100,
    lag: 0,
  })),
  workers,
  error: null,
  ...over,
});

import type { FleetView } from '../../../shared/fleet';
import type { GroupMember, MetricsSnapshot } from '../../../shared/metrics';

/** The group's members as a fleet view lists them (what rebalances and the charts compare). */
export function fleetMembers(view: FleetView): GroupMember[] {
  return view.workers
    .filter((w) => w.inGroup && w.memberId !== null)
    .map((w) => ({ memberId: w.memberId!, clientId: w.clientId, clientHost: w.host, partitions: w.partitions }));
}

/**
 * A monitor runs no pipeline, so its Dashboard is fed from the fleet: one snapshot per fleet view, the live workers'
 * rates and totals added up (a stale or gone worker's last rates would count work nobody is doing), the group's lag
 * per partition, and the slowest worker's p99 — a monitor sees each worker's p99, not the whole distribution.
 */
export function fleetSnapshot(view: FleetView, intervalMs: number): MetricsSnapshot {
  const live = view.workers.filter((w) => w.liveness === 'live' && w.rates);
  const sum = (f: (w: (typeof live)[number]) => number) => live.reduce((total, w) => total + f(w), 0);
  const written = sum((w) => w.totals?.written ?? 0);
  const rejected = sum((w) => w.totals?.rejected ?? 0);
  const p99s = live.map((w) => w.p99Ms).filter((p): p is number => p !== null);
  return {
    at: view.at,
    intervalMs,
    consumed: { total: written + rejected, perSecond: sum((w) => w.rates!.consumed) },
    written: { total: written, perSecond: sum((w) => w.rates!.written) },
    rejected: { total: rejected, perSecond: sum((w) => w.rates!.rejected) },
    deadLettered: { total: sum((w) => w.totals?.deadLettered ?? 0), perSecond: 0 },
    bytes: { total: 0, perSecond: 0 },
    latencyMs: null,
    partitions: view.partitions,
    totalLag: view.totalLag,
    members: fleetMembers(view),
    inFlightWrites: 0,
    eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
    memory: { rssBytes: 0, heapUsedBytes: 0 },
    fleet: { workers: live.length, slowestP99Ms: p99s.length > 0 ? Math.max(...p99s) : null },
  };
}

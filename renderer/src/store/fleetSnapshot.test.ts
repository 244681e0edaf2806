// A monitor's Dashboard figures from the fleet: live workers summed, stale ones left out, the group's lag.
import { describe, expect, it } from 'vitest';
import { fleetSnapshot } from './fleetSnapshot';
import { fleetView, fleetWorker } from '../test/fleetFixtures';

describe('fleetSnapshot', () => {
  it('adds up the live workers, leaves out stale ones, and takes lag and members from the group', () => {
    const view = fleetView(
      [
        fleetWorker(0, { rates: { consumed: 100, written: 90, rejected: 10 }, p99Ms: 12 }),
        fleetWorker(1, { rates: { consumed: 50, written: 50, rejected: 0 }, p99Ms: 40 }),
        fleetWorker(2, { liveness: 'stale', rates: { consumed: 999, written: 999, rejected: 0 }, p99Ms: 900 }),
        fleetWorker(3, { liveness: 'silent', rates: null, totals: null, p99Ms: null, inGroup: true }),
      ],
      { totalLag: 42 },
    );
    view.partitions[1]!.lag = 42;
    const snapshot = fleetSnapshot(view, 1_000);
    expect(snapshot.consumed.perSecond).toBe(150);
    expect(snapshot.written).toEqual({ perSecond: 140, total: 2_000 });
    expect(snapshot.rejected).toEqual({ perSecond: 10, total: 10 });
    expect(snapshot.totalLag).toBe(42);
    expect(snapshot.partitions.map((p) => p.lag)).toEqual([0, 42, 0]);
    expect(snapshot.members.map((m) => m.clientId)).toEqual([
      'userstream-w0',
      'userstream-w1',
      'userstream-w2',
      'userstream-w3',
    ]);
    expect(snapshot.latencyMs).toBeNull();
    expect(snapshot.fleet).toEqual({ workers: 2, slowestP99Ms: 40 });
  });

  it('reports no p99 and zero rates when no worker is live', () => {
    const snapshot = fleetSnapshot(fleetView([fleetWorker(0, { liveness: 'gone', inGroup: false })]), 1_000);
    expect(snapshot.written.perSecond).toBe(0);
    expect(snapshot.members).toEqual([]);
    expect(snapshot.fleet).toEqual({ workers: 0, slowestP99Ms: null });
  });
});

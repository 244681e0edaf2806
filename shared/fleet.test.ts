import { describe, expect, it } from 'vitest';
import { joinFleet, type HeartbeatEntry } from './fleet';
import type { WorkerHeartbeat } from './workerHeartbeat';

const beat = (clientId: string, at: number, over: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat => ({
  workerId: `id-${clientId}`,
  clientId,
  host: 'h',
  pid: 1,
  version: '0.1.0',
  state: 'running',
  topic: 't',
  groupId: 'g',
  partitions: [],
  rates: { consumed: 1, written: 1, rejected: 0 },
  totals: { written: 1, rejected: 0, deadLettered: 0 },
  lag: [],
  p99Ms: 5,
  lastError: null,
  at,
  intervalMs: 3_000,
  ...over,
});
const entry = (hb: WorkerHeartbeat | null, previous: WorkerHeartbeat | null = null): HeartbeatEntry => ({
  heartbeat: hb,
  previous: hb ?? previous,
  tombstone: hb === null,
  receivedAt: 0,
});
const member = (clientId: string, partitions: number[]) => ({
  memberId: `m-${clientId}`,
  clientId,
  clientHost: '/10.0.0.1',
  partitions,
});
const partitions = [0, 1, 2].map((p) => ({ topic: 't', partition: p, committedOffset: 0, highWatermark: 5, lag: 5 }));

describe('joinFleet', () => {
  it('joins members with heartbeats by client id: live, stale after three intervals, gone, silent', () => {
    const now = 100_000;
    const view = joinFleet({
      groupId: 'g',
      topic: 't',
      members: [member('a', [0]), member('b', [1]), member('c', [2])],
      partitions,
      heartbeats: new Map([
        ['id-a', entry(beat('a', now - 2_000))],
        ['id-b', entry(beat('b', now - 9_500))],
        ['id-d', entry(null, beat('d', now - 1_000))],
        ['id-x', entry(beat('x', now, { groupId: 'other' }))],
      ]),
      now,
    });
    const by = Object.fromEntries(view.workers.map((w) => [w.clientId, w]));
    expect(by.a).toMatchObject({ liveness: 'live', inGroup: true, partitions: [0], lag: 5, workerId: 'id-a' });
    expect(by.b).toMatchObject({ liveness: 'stale', inGroup: true });
    expect(by.c).toMatchObject({ liveness: 'silent', inGroup: true, workerId: null });
    expect(by.d).toMatchObject({ liveness: 'gone', inGroup: false, state: 'stopped' });
    expect(by.x).toBeUndefined();
    expect(view).toMatchObject({ topicPartitions: 3, totalLag: 15 });
  });

  it('calls a late worker gone once the group dropped it and six beats are missed; one still joining stays live', () => {
    const now = 100_000;
    const view = (members: ReturnType<typeof member>[], error: string | null = null, age = 19_000) =>
      joinFleet({
        groupId: 'g',
        topic: 't',
        members,
        partitions,
        heartbeats: new Map([
          ['id-a', entry(beat('a', now - age))],
          ['id-b', entry(beat('b', now - 1_000))],
        ]),
        now,
        error,
      }).workers.map((w) => [w.clientId, w.liveness, w.inGroup]);
    // Killed: stale while the group still lists it (its session has not timed out), gone once it does not; stale
    // still when the group dropped it before the heartbeats were late for long.
    expect(view([member('a', [0, 1, 2])])).toEqual([
      ['a', 'stale', true],
      ['b', 'live', false],
    ]);
    expect(view([member('b', [0, 1, 2])], null, 10_000)).toEqual([
      ['a', 'stale', false],
      ['b', 'live', true],
    ]);
    expect(view([member('b', [0, 1, 2])])).toEqual([
      ['a', 'gone', false],
      ['b', 'live', true],
    ]);
    // The group could not be read: not listed proves nothing.
    expect(view([], 'Could not read group g')).toEqual([
      ['a', 'stale', false],
      ['b', 'live', false],
    ]);
  });

  it('calls a silent worker gone after 60 s and forgets it after ten minutes', () => {
    const at = 0;
    const of = (now: number) =>
      joinFleet({
        groupId: 'g',
        topic: 't',
        members: [],
        partitions,
        heartbeats: new Map([['id-a', entry(beat('a', at))]]),
        now,
        error: 'the group cannot be read',
      }).workers[0]?.liveness;
    expect(of(59_000)).toBe('stale');
    expect(of(61_000)).toBe('gone');
    expect(of(11 * 60_000)).toBeUndefined();
  });
});

// The group state machine driven by a fake clock: join barrier, MEMBER_ID_REQUIRED, leader and protocol choice,
// followers waiting for the leader's assignment, eviction on session / rebalance timeouts, generation checks.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errorCodes';
import { createFakeClock, type FakeClock } from './clock';
import { createGroupCoordinator, type GroupCoordinator } from './coordinator';
import type { JoinGroupRequest, JoinGroupResult } from './types';

const SESSION = 10_000;
const REBALANCE = 30_000;
const GROUP = 'g';

function setup(): { clock: FakeClock; coordinator: GroupCoordinator } {
  const clock = createFakeClock();
  return { clock, coordinator: createGroupCoordinator({ clock }) };
}

function joinRequest(memberId: string, overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: GROUP,
    memberId,
    groupInstanceId: null,
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from(`meta-${memberId || 'new'}`) }],
    clientId: 'client',
    clientHost: '127.0.0.1',
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>): { done: () => boolean; value: () => T } {
  let settled = false;
  let result: T | undefined;
  void promise.then((v) => {
    settled = true;
    result = v;
  });
  return { done: () => settled, value: () => result as T };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Joins a new member (v4 style: MEMBER_ID_REQUIRED first) and returns the pending join of its second attempt. */
async function joinNew(coordinator: GroupCoordinator, overrides: Partial<JoinGroupRequest> = {}) {
  const first = await coordinator.joinGroup(joinRequest('', { requireKnownMemberId: true, ...overrides }));
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  expect(first.memberId).not.toBe('');
  return track(coordinator.joinGroup(joinRequest(first.memberId, overrides)));
}

async function syncAll(coordinator: GroupCoordinator, joins: JoinGroupResult[]): Promise<Map<string, string>> {
  const leader = joins.find((j) => j.memberId === j.leader);
  if (!leader) throw new Error('no leader');
  const followers = joins.filter((j) => j !== leader);
  const syncs = followers.map((j) =>
    coordinator.syncGroup({
      groupId: GROUP,
      generationId: j.generationId,
      memberId: j.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    }),
  );
  const leaderSync = coordinator.syncGroup({
    groupId: GROUP,
    generationId: leader.generationId,
    memberId: leader.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: leader.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`for-${m.memberId}`) })),
  });
  const results = await Promise.all([leaderSync, ...syncs]);
  const byMember = new Map<string, string>();
  [leader, ...followers].forEach((j, i) => {
    expect(results[i]?.errorCode).toBe(0);
    byMember.set(j.memberId, results[i]?.assignment.toString() ?? '');
  });
  return byMember;
}

const ref = (j: JoinGroupResult, generationId = j.generationId) => ({
  groupId: GROUP,
  generationId,
  memberId: j.memberId,
  groupInstanceId: null,
});

describe('group coordinator state machine', () => {
  it('hands out a member id first for v4+ joins, then makes the only member leader of generation 1', async () => {
    const { coordinator } = setup();
    const join = await joinNew(coordinator);
    await flush();
    expect(join.done()).toBe(true);
    const result = join.value();
    expect(result).toMatchObject({
      errorCode: 0,
      generationId: 1,
      protocolName: 'RoundRobinAssigner',
      leader: result.memberId,
    });
    expect(result.members.map((m) => m.memberId)).toEqual([result.memberId]);
    expect(coordinator.describeGroup(GROUP).groupState).toBe('CompletingRebalance');
    const assignments = await syncAll(coordinator, [result]);
    expect(assignments.get(result.memberId)).toBe(`for-${result.memberId}`);
    expect(coordinator.describeGroup(GROUP)).toMatchObject({
      groupState: 'Stable',
      protocolData: 'RoundRobinAssigner',
    });
  });

  it('holds a join until every known member rejoined, telling the old members through Heartbeat', async () => {
    const { coordinator } = setup();
    const a = (await joinNew(coordinator)).value();
    await flush();
    await syncAll(coordinator, [a]);
    const b = await joinNew(coordinator);
    await flush();
    expect(b.done()).toBe(false);
    expect(coordinator.describeGroup(GROUP).groupState).toBe('PreparingRebalance');
    expect(coordinator.heartbeat(ref(a))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(
      (await coordinator.syncGroup({ ...ref(a), protocolType: null, protocolName: null, assignments: [] })).errorCode,
    ).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = await coordinator.joinGroup(joinRequest(a.memberId));
    await flush();
    expect(b.done()).toBe(true);
    expect(a2).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId });
    expect(a2.members).toHaveLength(2);
    expect(b.value()).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId, members: [] });
    expect(coordinator.heartbeat(ref(a))).toBe(ErrorCode.ILLEGAL_GENERATION);
    const assignments = await syncAll(coordinator, [a2, b.value()]);
    expect(assignments.get(b.value().memberId)).toBe(`for-${b.value().memberId}`);
    expect(coordinator.heartbeat(ref(b.value()))).toBe(0);
  });

  it('lets followers wait in SyncGroup until the leader brings the assignment', async () => {
    const { coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    const follower = a2.leader === a2.memberId ? b.value() : a2;
    const leader = a2.leader === a2.memberId ? a2 : b.value();
    const followerSync = track(
      coordinator.syncGroup({
        ...ref(follower),
        protocolType: 'consumer',
        protocolName: 'RoundRobinAssigner',
        assignments: [],
      }),
    );
    await flush();
    expect(followerSync.done()).toBe(false);
    expect(coordinator.heartbeat(ref(follower))).toBe(0);
    await coordinator.syncGroup({
      ...ref(leader),
      protocolType: null,
      protocolName: null,
      assignments: [{ memberId: follower.memberId, assignment: Buffer.from('yours') }],
    });
    await flush();
    expect(followerSync.value()).toMatchObject({ errorCode: 0, protocolName: 'RoundRobinAssigner' });
    expect(followerSync.value().assignment.toString()).toBe('yours');
    const described = coordinator.describeGroup(GROUP);
    expect(described.members.find((m) => m.memberId === follower.memberId)?.memberAssignment.toString()).toBe('yours');
    expect(described.members.find((m) => m.memberId === leader.memberId)?.memberAssignment.length).toBe(0);
  });

  it('tells a waiting follower to rejoin when a rebalance starts before the leader synced', async () => {
    const { coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    expect(a2.leader).toBe(a2.memberId);
    const followerSync = track(
      coordinator.syncGroup({ ...ref(b.value()), protocolType: null, protocolName: null, assignments: [] }),
    );
    await flush();
    expect(followerSync.done()).toBe(false);
    await joinNew(coordinator); // a third member arrives
    await flush();
    expect(followerSync.value().errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const { clock, coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    await syncAll(coordinator, [a2, b.value()]);
    const c = await joinNew(coordinator);
    const a3 = track(coordinator.joinGroup(joinRequest(a.value().memberId)));
    // b keeps heartbeating (as a stuck consumer would) but never rejoins.
    for (let t = 0; t < REBALANCE; t += 5000) {
      expect(coordinator.heartbeat(ref(b.value()))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      clock.advance(5000);
    }
    await flush();
    expect(a3.done()).toBe(true);
    expect(c.value()).toMatchObject({ errorCode: 0, generationId: 3 });
    expect(
      a3
        .value()
        .members.map((m) => m.memberId)
        .sort(),
    ).toEqual([a.value().memberId, c.value().memberId].sort());
    expect(coordinator.heartbeat(ref(b.value()))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('evicts a member whose session times out and rebalances the rest', async () => {
    const { clock, coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    await syncAll(coordinator, [a2, b.value()]);
    clock.advance(SESSION / 2);
    expect(coordinator.heartbeat(ref(a2))).toBe(0);
    clock.advance(SESSION / 2 + 1);
    expect(coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).toEqual([a2.memberId]);
    expect(coordinator.heartbeat(ref(a2))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a3 = await coordinator.joinGroup(joinRequest(a2.memberId));
    expect(a3).toMatchObject({ errorCode: 0, generationId: 3, leader: a2.memberId });
    expect(coordinator.heartbeat(ref(b.value()))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes members that never send SyncGroup for their generation', async () => {
    const { clock, coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    const [leader, follower] = a2.leader === a2.memberId ? [a2, b.value()] : [b.value(), a2];
    await coordinator.syncGroup({ ...ref(leader), protocolType: null, protocolName: null, assignments: [] });
    expect(coordinator.describeGroup(GROUP).groupState).toBe('Stable');
    // Both stay alive through heartbeats; only the follower's SyncGroup is missing.
    for (let t = 0; t < REBALANCE; t += 5000) {
      expect(coordinator.heartbeat(ref(leader))).toBe(0);
      expect(coordinator.heartbeat(ref(follower))).toBe(0);
      clock.advance(5000);
    }
    clock.advance(1);
    expect(coordinator.heartbeat(ref(follower))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat(ref(leader))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.describeGroup(GROUP).groupState).toBe('PreparingRebalance');
  });

  it('checks generation and member on Heartbeat, SyncGroup and OffsetCommit', async () => {
    const { coordinator } = setup();
    const a = (await joinNew(coordinator)).value();
    await flush();
    const commit = (generationId: number, memberId = a.memberId) =>
      coordinator.commitOffsets({
        groupId: GROUP,
        generationId,
        memberId,
        groupInstanceId: null,
        topics: [
          {
            name: 't',
            partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }],
          },
        ],
      }).topics[0]?.partitions[0]?.errorCode;
    expect(commit(1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS); // CompletingRebalance: wait for the assignment
    await syncAll(coordinator, [a]);
    expect(commit(1)).toBe(0);
    expect(commit(0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(commit(1, 'stranger')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(-1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // simple commits only while the group is Empty
    expect(coordinator.heartbeat(ref(a, 7))).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.heartbeat({ ...ref(a), memberId: 'stranger' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat({ ...ref(a), groupId: 'other' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const sync = await coordinator.syncGroup({ ...ref(a, 9), protocolType: null, protocolName: null, assignments: [] });
    expect(sync.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const wrongProtocol = await coordinator.syncGroup({
      ...ref(a),
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [],
    });
    expect(wrongProtocol.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await coordinator.joinGroup(joinRequest('ghost'))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const noProtocols = await coordinator.joinGroup(joinRequest('', { groupId: 'other', protocols: [] }));
    expect(noProtocols.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(coordinator.describeGroup('other').groupState).toBe('Dead');
    expect((await coordinator.joinGroup(joinRequest('', { sessionTimeoutMs: 100 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
  });

  it('picks a protocol every member supports and refuses members without one', async () => {
    const { coordinator } = setup();
    const both = [
      { name: 'range', metadata: Buffer.from('r') },
      { name: 'roundrobin', metadata: Buffer.from('rr') },
    ];
    const a = await coordinator.joinGroup(joinRequest('', { protocols: both }));
    await syncAll(coordinator, [a]);
    const incompatible = await coordinator.joinGroup(
      joinRequest('', { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] }),
    );
    expect(incompatible.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const otherType = await coordinator.joinGroup(joinRequest('', { protocolType: 'connect' }));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const b = track(
      coordinator.joinGroup(joinRequest('', { protocols: [{ name: 'roundrobin', metadata: Buffer.from('b') }] })),
    );
    const a2 = await coordinator.joinGroup(joinRequest(a.memberId, { protocols: both }));
    await flush();
    expect(a2.protocolName).toBe('roundrobin');
    expect(b.value().protocolName).toBe('roundrobin');
    expect(a2.members.find((m) => m.memberId === a.memberId)?.metadata.toString()).toBe('rr');
  });

  it('processes batch LeaveGroup, elects a new leader and empties the group with a new generation', async () => {
    const { coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    await syncAll(coordinator, [a2, b.value()]);
    const left = coordinator.leaveGroup(GROUP, [
      { memberId: a2.memberId, groupInstanceId: null },
      { memberId: 'nobody', groupInstanceId: null },
    ]);
    expect(left).toEqual({
      errorCode: 0,
      members: [
        { memberId: a2.memberId, groupInstanceId: null, errorCode: 0 },
        { memberId: 'nobody', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ],
    });
    expect(coordinator.heartbeat(ref(b.value()))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const b2 = await coordinator.joinGroup(joinRequest(b.value().memberId));
    expect(b2).toMatchObject({ generationId: 3, leader: b.value().memberId });
    await syncAll(coordinator, [b2]);
    coordinator.leaveGroup(GROUP, [{ memberId: b2.memberId, groupInstanceId: null }]);
    expect(coordinator.describeGroup(GROUP)).toMatchObject({
      groupState: 'Empty',
      protocolType: 'consumer',
      members: [],
    });
    expect(coordinator.listGroups()).toEqual([{ groupId: GROUP, protocolType: 'consumer', groupState: 'Empty' }]);
    const fresh = await coordinator.joinGroup(joinRequest(''));
    expect(fresh.generationId).toBe(5);
  });

  it('removes an Empty group without committed offsets at the next cleanup, as Kafka does; keeps one with offsets', async () => {
    const { clock, coordinator } = setup();
    // A monitor: joins, never commits, leaves.
    const monitor = await coordinator.joinGroup(joinRequest('', { groupId: 'monitor' }));
    expect(monitor.errorCode).toBe(0);
    coordinator.leaveGroup('monitor', [{ memberId: monitor.memberId, groupInstanceId: null }]);
    const worker = await coordinator.joinGroup(joinRequest(''));
    await syncAll(coordinator, [worker]);
    coordinator.commitOffsets({
      ...ref(worker),
      topics: [
        {
          name: 't',
          partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    coordinator.leaveGroup(GROUP, [{ memberId: worker.memberId, groupInstanceId: null }]);
    expect(coordinator.describeGroup('monitor').groupState).toBe('Empty');
    clock.advance(600_000); // offsets.retention.check.interval.ms
    expect(coordinator.describeGroup('monitor').groupState).toBe('Dead');
    expect(coordinator.listGroups()).toEqual([{ groupId: GROUP, protocolType: 'consumer', groupState: 'Empty' }]);
    await coordinator.close();
  });

  it('lets a restarted static member replace its old incarnation at once, fencing the old one', async () => {
    const { coordinator } = setup();
    const staticJoin = (memberId: string) =>
      joinRequest(memberId, { groupInstanceId: 'instance-1', requireKnownMemberId: true });
    const a = await coordinator.joinGroup(staticJoin(''));
    expect(a).toMatchObject({ errorCode: 0, generationId: 1 }); // no MEMBER_ID_REQUIRED for static members
    await syncAll(coordinator, [a]);
    const b = track(coordinator.joinGroup(joinRequest('')));
    await flush();
    const a2 = await coordinator.joinGroup(staticJoin(a.memberId));
    await flush();
    await syncAll(coordinator, [a2, b.value()]);
    const restarted = track(coordinator.joinGroup(staticJoin('')));
    await flush();
    expect(coordinator.heartbeat({ ...ref(a2), groupInstanceId: 'instance-1' })).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.heartbeat(ref(b.value()))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await coordinator.joinGroup(joinRequest(b.value().memberId));
    await flush();
    expect(restarted.value()).toMatchObject({ errorCode: 0, generationId: 3 });
    expect(restarted.value().memberId).not.toBe(a.memberId);
    const members = coordinator.describeGroup(GROUP).members;
    expect(members.map((m) => m.groupInstanceId).sort()).toEqual(['instance-1', null]);
  });

  it('drops a member whose connection closes while its JoinGroup waits, so the others need not wait for it', async () => {
    const { coordinator } = setup();
    const a = (await joinNew(coordinator)).value();
    await flush();
    await syncAll(coordinator, [a]);
    const connection = new AbortController();
    const first = await coordinator.joinGroup(joinRequest('', { requireKnownMemberId: true }));
    const b = track(coordinator.joinGroup(joinRequest(first.memberId), connection.signal));
    await flush();
    expect(b.done()).toBe(false);
    connection.abort(); // e.g. the consumer process was killed mid-rebalance
    const a2 = await coordinator.joinGroup(joinRequest(a.memberId));
    expect(a2).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId });
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('lets a follower whose SyncGroup connection closed time out like any silent member', async () => {
    const { clock, coordinator } = setup();
    const a = await joinNew(coordinator);
    await flush();
    const b = await joinNew(coordinator);
    const a2 = await coordinator.joinGroup(joinRequest(a.value().memberId));
    await flush();
    const connection = new AbortController();
    const followerSync = track(
      coordinator.syncGroup(
        { ...ref(b.value()), protocolType: null, protocolName: null, assignments: [] },
        connection.signal,
      ),
    );
    connection.abort();
    for (let t = 0; t <= SESSION; t += 2000) {
      coordinator.heartbeat(ref(a2));
      clock.advance(2000);
    }
    expect(followerSync.done()).toBe(false);
    expect(coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).toEqual([a2.memberId]);
  });
});

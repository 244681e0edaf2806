// The group APIs on a raw socket at versions no client library here sends: the oldest (v0 layouts without member
// ids or generations) and the newest flexible ones (batched FindCoordinator, OffsetFetch for several groups).
import { describe, expect, it } from 'vitest';
import { connectRawClient } from '../testing/rawClient';
import { startGroupBroker, uniqueName } from './testing/groupBroker';

const API = {
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  CreateTopics: 19,
  DeleteGroups: 42,
} as const;

describe('group APIs on the wire', () => {
  it('runs a whole member lifecycle at the newest flexible versions', async () => {
    const broker = await startGroupBroker();
    const client = await connectRawClient(broker.port);
    const topic = uniqueName('wire');
    const groupId = uniqueName('wire-group');
    await client.request(API.CreateTopics, 7, {
      topics: [{ name: topic, numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });

    const found = await client.request(API.FindCoordinator, 6, { keyType: 0, coordinatorKeys: [groupId, 'other'] });
    expect(found.coordinators).toEqual([
      expect.objectContaining({ key: groupId, nodeId: 1, host: '127.0.0.1', port: broker.port, errorCode: 0 }),
      expect.objectContaining({ key: 'other', errorCode: 0 }),
    ]);
    // Transactional ids (key type 1) are coordinated here too; share groups (2) are not served.
    const txn = await client.request(API.FindCoordinator, 6, { keyType: 1, coordinatorKeys: ['tx'] });
    expect(txn.coordinators).toEqual([
      expect.objectContaining({ key: 'tx', nodeId: 1, port: broker.port, errorCode: 0 }),
    ]);
    const share = await client.request(API.FindCoordinator, 6, { keyType: 2, coordinatorKeys: ['sh'] });
    expect((share.coordinators as { errorCode: number }[])[0]?.errorCode).toBe(42);

    const join = {
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from('meta') }],
      reason: null,
    };
    const required = await client.request(API.JoinGroup, 9, join);
    expect(required.errorCode).toBe(79);
    const memberId = required.memberId as string;
    const joined = await client.request(API.JoinGroup, 9, { ...join, memberId });
    expect(joined).toMatchObject({
      errorCode: 0,
      generationId: 1,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: memberId,
      skipAssignment: false,
      memberId,
    });
    expect(joined.members).toEqual([{ memberId, groupInstanceId: null, metadata: Buffer.from('meta') }]);
    const synced = await client.request(API.SyncGroup, 5, {
      groupId,
      generationId: 1,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId, assignment: Buffer.from('mine') }],
    });
    expect(synced).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
    expect(synced.assignment).toEqual(Buffer.from('mine'));
    const beat = await client.request(API.Heartbeat, 4, { groupId, generationId: 1, memberId, groupInstanceId: null });
    expect(beat.errorCode).toBe(0);

    const commit = await client.request(API.OffsetCommit, 9, {
      groupId,
      generationIdOrMemberEpoch: 1,
      memberId,
      groupInstanceId: null,
      topics: [
        {
          name: topic,
          partitions: [{ partitionIndex: 1, committedOffset: 42n, committedLeaderEpoch: 0, committedMetadata: 'm' }],
        },
      ],
    });
    expect(commit.topics).toEqual([{ name: topic, partitions: [{ partitionIndex: 1, errorCode: 0 }] }]);
    const fetched = await client.request(API.OffsetFetch, 9, {
      groups: [
        { groupId, memberId: null, memberEpoch: -1, topics: null },
        { groupId: 'nobody', memberId: null, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: [0] }] },
      ],
      requireStable: false,
    });
    expect(fetched.groups).toEqual([
      {
        groupId,
        errorCode: 0,
        topics: [
          {
            name: topic,
            partitions: [
              { partitionIndex: 1, committedOffset: 42n, committedLeaderEpoch: 0, metadata: 'm', errorCode: 0 },
            ],
          },
        ],
      },
      {
        groupId: 'nobody',
        errorCode: 0,
        topics: [
          {
            name: topic,
            partitions: [
              { partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
            ],
          },
        ],
      },
    ]);

    const described = await client.request(API.DescribeGroups, 5, {
      groups: [groupId],
      includeAuthorizedOperations: false,
    });
    expect(described.groups).toEqual([
      expect.objectContaining({
        errorCode: 0,
        groupId,
        groupState: 'Stable',
        protocolType: 'consumer',
        protocolData: 'range',
        members: [
          expect.objectContaining({
            memberId,
            clientId: 'raw-test',
            memberMetadata: Buffer.from('meta'),
            memberAssignment: Buffer.from('mine'),
          }),
        ],
      }),
    ]);
    const stable = await client.request(API.ListGroups, 5, { statesFilter: ['stable'], typesFilter: [] });
    expect(stable.groups).toEqual([{ groupId, protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }]);
    const none = await client.request(API.ListGroups, 5, { statesFilter: ['Empty'], typesFilter: [] });
    expect(none.groups).toEqual([]);

    const busy = await client.request(API.DeleteGroups, 2, { groupsNames: [groupId] });
    expect(busy.results).toEqual([{ groupId, errorCode: 68 }]);
    const left = await client.request(API.LeaveGroup, 5, {
      groupId,
      members: [{ memberId, groupInstanceId: null, reason: 'test' }],
    });
    expect(left).toMatchObject({ errorCode: 0, members: [{ memberId, groupInstanceId: null, errorCode: 0 }] });
    const deleted = await client.request(API.DeleteGroups, 2, { groupsNames: [groupId, 'nobody'] });
    expect(deleted.results).toEqual([
      { groupId, errorCode: 0 },
      { groupId: 'nobody', errorCode: 69 },
    ]);
    client.close();
    await broker.close();
  });

  it('serves the v0 layouts: joins without MEMBER_ID_REQUIRED, simple commits, single-member leave', async () => {
    const broker = await startGroupBroker();
    const client = await connectRawClient(broker.port);
    const groupId = uniqueName('wire-v0');
    const found = await client.request(API.FindCoordinator, 0, { key: groupId });
    expect(found).toMatchObject({ errorCode: 0, nodeId: 1, host: '127.0.0.1', port: broker.port });
    const joined = await client.request(API.JoinGroup, 0, {
      groupId,
      sessionTimeoutMs: 10_000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
    const memberId = joined.memberId as string;
    const synced = await client.request(API.SyncGroup, 0, { groupId, generationId: 1, memberId, assignments: [] });
    expect(synced.errorCode).toBe(0);
    const stale = await client.request(API.Heartbeat, 0, { groupId, generationId: 0, memberId });
    expect(stale.errorCode).toBe(22);
    const left = await client.request(API.LeaveGroup, 0, { groupId, memberId });
    expect(left.errorCode).toBe(0);
    const unknown = await client.request(API.LeaveGroup, 0, { groupId, memberId });
    expect(unknown.errorCode).toBe(25);
    // OffsetCommit v0 has no generation: a simple commit, allowed now that the group is Empty.
    const commit = await client.request(API.OffsetCommit, 0, {
      groupId,
      topics: [{ name: 'anything', partitions: [{ partitionIndex: 0, committedOffset: 7n, committedMetadata: null }] }],
    });
    // The topic does not exist.
    expect(commit.topics).toEqual([{ name: 'anything', partitions: [{ partitionIndex: 0, errorCode: 3 }] }]);
    const fetched = await client.request(API.OffsetFetch, 1, {
      groupId,
      topics: [{ name: 'anything', partitionIndexes: [0] }],
    });
    expect(fetched.topics).toEqual([
      { name: 'anything', partitions: [{ partitionIndex: 0, committedOffset: -1n, metadata: '', errorCode: 0 }] },
    ]);
    const listed = await client.request(API.ListGroups, 0, {});
    expect(listed.groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const described = await client.request(API.DescribeGroups, 0, { groups: ['ghost'] });
    expect(described.groups).toEqual([
      { errorCode: 0, groupId: 'ghost', groupState: 'Dead', protocolType: '', protocolData: '', members: [] },
    ]);
    client.close();
    await broker.close();
  });

  it('drops a member whose connection closes while its JoinGroup waits at the barrier', async () => {
    const broker = await startGroupBroker();
    const [a, b] = [await connectRawClient(broker.port), await connectRawClient(broker.port)];
    const groupId = uniqueName('wire-abandon');
    // A long rebalance timeout: without noticing the closed connection the barrier would wait a minute.
    const join = (memberId: string) => ({
      groupId,
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 60_000,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    const first = await a.request(API.JoinGroup, 5, join(''));
    const joined = await a.request(API.JoinGroup, 5, join(first.memberId as string));
    const memberId = joined.memberId as string;
    await a.request(API.SyncGroup, 3, { groupId, generationId: 1, memberId, groupInstanceId: null, assignments: [] });
    const other = await b.request(API.JoinGroup, 5, join(''));
    const waiting = b.request(API.JoinGroup, 5, join(other.memberId as string)).catch(() => 'connection closed');
    const beat = await a.request(API.Heartbeat, 3, { groupId, generationId: 1, memberId, groupInstanceId: null });
    expect(beat.errorCode).toBe(27);
    b.close();
    expect(await waiting).toBe('connection closed');
    const memberCount = async () => {
      const described = await a.request(API.DescribeGroups, 2, { groups: [groupId] });
      return (described.groups as { members: unknown[] }[])[0]?.members.length;
    };
    await expect.poll(memberCount).toBe(1); // the broker noticed the closed connection
    const rejoined = await a.request(API.JoinGroup, 5, join(memberId));
    expect(rejoined).toMatchObject({ errorCode: 0, generationId: 2, leader: memberId });
    expect(rejoined.members).toEqual([{ memberId, groupInstanceId: null, metadata: Buffer.alloc(0) }]);
    a.close();
    await broker.close();
  });
});

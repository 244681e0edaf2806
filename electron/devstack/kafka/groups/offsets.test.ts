// Committed offsets through the coordinator: simple (admin) commits, negative offsets, OffsetFetch for chosen
// partitions and for "all", DescribeGroups / ListGroups / DeleteGroups, deleted topics, and the on-disk log.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errorCodes';
import { createFakeClock } from './clock';
import { createGroupCoordinator, type GroupCoordinator } from './coordinator';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-groups-'));
  dirs.push(dir);
  return dir;
}

const catalog = { partitionCount: (topic: string) => (topic.startsWith('t') ? 3 : undefined) };

function simpleCommit(coordinator: GroupCoordinator, groupId: string, topic: string, offsets: Record<number, bigint>) {
  return coordinator.commitOffsets({
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      {
        name: topic,
        partitions: Object.entries(offsets).map(([p, offset]) => ({
          partitionIndex: Number(p),
          committedOffset: offset,
          committedLeaderEpoch: -1,
          committedMetadata: `m${p}`,
        })),
      },
    ],
  });
}

const offsetsOf = (coordinator: GroupCoordinator, groupId: string) =>
  coordinator
    .fetchOffsets(groupId, null)
    .topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partitionIndex}=${p.committedOffset}`))
    .sort();

describe('group coordinator offsets', () => {
  it('accepts simple commits (generation -1) and negative offsets, and fetches them back', () => {
    const coordinator = createGroupCoordinator({ clock: createFakeClock(), catalog });
    const result = simpleCommit(coordinator, 'g1', 'topic-a', { 0: 10n, 1: -2n, 7: 3n });
    expect(result.topics[0]?.partitions.map((p) => p.errorCode)).toEqual([0, 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(simpleCommit(coordinator, 'g1', 'nope', { 0: 1n }).topics[0]?.partitions[0]?.errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
    const fetched = coordinator.fetchOffsets('g1', [{ name: 'topic-a', partitionIndexes: [0, 1, 2] }]);
    expect(fetched).toEqual({
      errorCode: 0,
      topics: [
        {
          name: 'topic-a',
          partitions: [
            { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: -1, metadata: 'm0', errorCode: 0 },
            { partitionIndex: 1, committedOffset: -2n, committedLeaderEpoch: -1, metadata: 'm1', errorCode: 0 },
            { partitionIndex: 2, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          ],
        },
      ],
    });
    expect(offsetsOf(coordinator, 'g1')).toEqual(['topic-a/0=10', 'topic-a/1=-2']);
    expect(offsetsOf(coordinator, 'unknown')).toEqual([]);
    expect(
      coordinator.fetchOffsets('unknown', [{ name: 'topic-a', partitionIndexes: [0] }]).topics[0]?.partitions[0]
        ?.committedOffset,
    ).toBe(-1n);
  });

  it('refuses a member commit to a group that does not exist', () => {
    const coordinator = createGroupCoordinator({ clock: createFakeClock() });
    const result = coordinator.commitOffsets({
      groupId: 'g',
      generationId: 3,
      memberId: 'm',
      groupInstanceId: null,
      topics: [
        {
          name: 't',
          partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    expect(result.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.describeGroup('g').groupState).toBe('Dead');
  });

  it('describes, lists and deletes groups; unknown groups are Dead and cannot be deleted', async () => {
    const coordinator = createGroupCoordinator({ clock: createFakeClock(), catalog });
    expect(coordinator.describeGroup('ghost')).toEqual({
      errorCode: 0,
      groupId: 'ghost',
      groupState: 'Dead',
      protocolType: '',
      protocolData: '',
      members: [],
    });
    simpleCommit(coordinator, 'offsets-only', 'topic-a', { 0: 5n });
    const join = await coordinator.joinGroup({
      groupId: 'busy',
      memberId: '',
      groupInstanceId: null,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      protocolType: 'consumer',
      protocols: [{ name: 'rr', metadata: Buffer.from('x') }],
      clientId: 'c1',
      clientHost: '10.0.0.1',
      requireKnownMemberId: false,
    });
    expect(coordinator.listGroups().sort((a, b) => a.groupId.localeCompare(b.groupId))).toEqual([
      { groupId: 'busy', protocolType: 'consumer', groupState: 'CompletingRebalance' },
      { groupId: 'offsets-only', protocolType: '', groupState: 'Empty' },
    ]);
    expect(coordinator.describeGroup('busy').members).toEqual([
      {
        memberId: join.memberId,
        groupInstanceId: null,
        clientId: 'c1',
        clientHost: '10.0.0.1',
        memberMetadata: Buffer.alloc(0),
        memberAssignment: Buffer.alloc(0),
      },
    ]);
    expect(coordinator.deleteGroup('busy')).toBe(ErrorCode.NON_EMPTY_GROUP);
    expect(coordinator.deleteGroup('ghost')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(coordinator.deleteGroup('offsets-only')).toBe(0);
    expect(coordinator.describeGroup('offsets-only').groupState).toBe('Dead');
    expect(offsetsOf(coordinator, 'offsets-only')).toEqual([]);
  });

  it('drops the committed offsets of a deleted topic from every group', () => {
    const coordinator = createGroupCoordinator({ clock: createFakeClock(), catalog });
    simpleCommit(coordinator, 'g1', 'topic-a', { 0: 1n });
    simpleCommit(coordinator, 'g1', 'topic-b', { 0: 2n });
    simpleCommit(coordinator, 'g2', 'topic-a', { 1: 3n });
    coordinator.deleteTopicOffsets('topic-a');
    expect(offsetsOf(coordinator, 'g1')).toEqual(['topic-b/0=2']);
    expect(offsetsOf(coordinator, 'g2')).toEqual([]);
    expect(coordinator.describeGroup('g1').groupState).toBe('Empty');
    expect(coordinator.describeGroup('g2').groupState).toBe('Dead');
    expect(coordinator.listGroups().map((g) => g.groupId)).toEqual(['g1']);
  });

  it('keeps committed offsets across a restart, cutting a torn last line', async () => {
    const dir = tempDir();
    const first = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    simpleCommit(first, 'g1', 'topic-a', { 0: 10n, 1: 20n });
    simpleCommit(first, 'g1', 'topic-a', { 0: 11n });
    simpleCommit(first, 'g2', 'topic-b', { 2: 9_007_199_254_740_993n });
    simpleCommit(first, 'gone', 'topic-a', { 0: 1n });
    expect(first.deleteGroup('gone')).toBe(0);
    simpleCommit(first, 'g3', 'topic-x', { 0: 1n });
    first.deleteTopicOffsets('topic-x');
    // Simulates kill -9: no close(), and half a record at the end of the log.
    appendFileSync(join(dir, 'offsets.log'), '{"op":"commit","group":"g1","topic":"topic-a","parti');
    const second = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    expect(offsetsOf(second, 'g1')).toEqual(['topic-a/0=11', 'topic-a/1=20']);
    expect(offsetsOf(second, 'g2')).toEqual(['topic-b/2=9007199254740993']);
    expect(second.describeGroup('g1')).toMatchObject({ groupState: 'Empty', protocolType: '' });
    expect(second.describeGroup('gone').groupState).toBe('Dead');
    expect(offsetsOf(second, 'g3')).toEqual([]);
    // Compacted on open: one line per live offset.
    expect(readFileSync(join(dir, 'offsets.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    await second.close();
    await second.close();
    await first.close();
  });

  it('remembers the protocol type of a consumer group with its offsets across a restart', async () => {
    const dir = tempDir();
    const first = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    const joined = await first.joinGroup({
      groupId: 'consumers',
      memberId: '',
      groupInstanceId: null,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      protocolType: 'consumer',
      protocols: [{ name: 'rr', metadata: Buffer.alloc(0) }],
      clientId: 'c',
      clientHost: 'h',
      requireKnownMemberId: false,
    });
    await first.syncGroup({
      ...joined,
      groupId: 'consumers',
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    const committed = first.commitOffsets({
      groupId: 'consumers',
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      topics: [
        {
          name: 'topic-a',
          partitions: [{ partitionIndex: 0, committedOffset: 3n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });
    expect(committed.topics[0]?.partitions[0]?.errorCode).toBe(0);
    await first.close();
    const second = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    expect(second.listGroups()).toEqual([{ groupId: 'consumers', protocolType: 'consumer', groupState: 'Empty' }]);
    await second.close();
  });

  it('keeps the log bounded by compacting it while commits keep coming', async () => {
    const dir = tempDir();
    const coordinator = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    for (let i = 0; i < 12_000; i++) simpleCommit(coordinator, 'busy', 'topic-a', { 0: BigInt(i), 1: BigInt(i) });
    const lines = readFileSync(join(dir, 'offsets.log'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(10_010);
    await coordinator.close();
    const reopened = createGroupCoordinator({ clock: createFakeClock(), dataDir: dir, catalog });
    expect(offsetsOf(reopened, 'busy')).toEqual(['topic-a/0=11999', 'topic-a/1=11999']);
    await reopened.close();
  });

  it('validates its options up front, naming the option', () => {
    expect(() => createGroupCoordinator({ dataDir: '' })).toThrow(/dataDir/);
    expect(() => createGroupCoordinator({ minSessionTimeoutMs: 0 })).toThrow(/minSessionTimeoutMs/);
    expect(() => createGroupCoordinator({ maxSessionTimeoutMs: 1.5 })).toThrow(/maxSessionTimeoutMs/);
    expect(() => createGroupCoordinator({ minSessionTimeoutMs: 10, maxSessionTimeoutMs: 5 })).toThrow(
      /minSessionTimeoutMs/,
    );
  });
});

// createGroupCoordinator: classic consumer groups (membership in ./group.ts) and their committed offsets
// (./offsetStore.ts), behind request/result types that know nothing of the wire (./handlers.ts maps those).
import type { Logger } from '../../../../shared/logger';
import { silentLogger } from '../../../../shared/logger';
import type { TopicCatalog, TxnOffset } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import { type Clock, systemClock } from './clock';
import { describeGroup } from './describe';
import { Group } from './group';
import { joinErrorResult } from './answers';
import { createOffsetStore, type OffsetEntry } from './offsetStore';
import type {
  DescribedGroup,
  JoinGroupRequest,
  JoinGroupResult,
  LeaveGroupResult,
  ListedGroup,
  MemberRef,
  OffsetCommitRequest,
  OffsetCommitResult,
  OffsetFetchResult,
  SyncGroupRequest,
  SyncGroupResult,
} from './types';

const OFFSET_METADATA_TOO_LARGE = 12;
const MAX_METADATA_CHARS = 4096;

export interface GroupCoordinatorOptions {
  /** Directory for the committed-offsets log; omit to keep offsets in memory only. */
  dataDir?: string;
  /** Existing topics: commits to unknown topics or partitions get UNKNOWN_TOPIC_OR_PARTITION. Omit to accept all. */
  catalog?: Pick<TopicCatalog, 'partitionCount'>;
  logger?: Logger;
  /** Time source for session and rebalance timeouts (tests pass a fake clock). */
  clock?: Clock;
  /** Smallest session timeout a member may ask for (Kafka's group.min.session.timeout.ms, default 6000). */
  minSessionTimeoutMs?: number;
  /** Largest session timeout a member may ask for (Kafka's group.max.session.timeout.ms, default 1800000). */
  maxSessionTimeoutMs?: number;
  /**
   * How often Empty groups without committed offsets are removed (Kafka's offsets.retention.check.interval.ms,
   * default 600000): a consumer that never commits — a monitor, a console consumer — leaves no group behind.
   */
  groupCleanupIntervalMs?: number;
}

export interface GroupCoordinator {
  /** Resolves when the join barrier completes (or at once with an error / MEMBER_ID_REQUIRED). */
  joinGroup(req: JoinGroupRequest, signal?: AbortSignal): Promise<JoinGroupResult>;
  /** Followers' results wait for the leader's assignment. */
  syncGroup(req: SyncGroupRequest, signal?: AbortSignal): Promise<SyncGroupResult>;
  heartbeat(ref: MemberRef): number;
  leaveGroup(groupId: string, members: { memberId: string; groupInstanceId: string | null }[]): LeaveGroupResult;
  commitOffsets(req: OffsetCommitRequest): OffsetCommitResult;
  /** A committed transaction's offsets (TxnOffsetCommit): stored as they are, the transaction was checked already. */
  commitTxnOffsets(groupId: string, offsets: TxnOffset[]): void;
  /** `topics` null = every committed offset of the group. */
  fetchOffsets(groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null): OffsetFetchResult;
  /** An unknown group is reported as state "Dead" with error 0, as Kafka does. */
  describeGroup(groupId: string): DescribedGroup;
  listGroups(): ListedGroup[];
  /** 0, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP or INVALID_GROUP_ID. */
  deleteGroup(groupId: string): number;
  /** Drops every group's committed offsets for a deleted topic. */
  deleteTopicOffsets(topic: string): void;
  /** Answers blocked requests, stops timers, closes the offsets log. Idempotent. */
  close(): Promise<void>;
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`createGroupCoordinator: ${name} must be a positive integer`);
  return value;
}

export function createGroupCoordinator(options: GroupCoordinatorOptions = {}): GroupCoordinator {
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === ''))
    throw new Error('createGroupCoordinator: dataDir must be a non-empty string when given');
  const minSession = positiveInt(options.minSessionTimeoutMs, 6000, 'minSessionTimeoutMs');
  const maxSession = positiveInt(options.maxSessionTimeoutMs, 1_800_000, 'maxSessionTimeoutMs');
  if (minSession > maxSession)
    throw new Error('createGroupCoordinator: minSessionTimeoutMs must not exceed maxSessionTimeoutMs');
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog;
  const offsets = createOffsetStore({ dir: options.dataDir, logger });
  const groups = new Map<string, Group>();
  let closed = false;
  const cleanupMs = positiveInt(options.groupCleanupIntervalMs, 600_000, 'groupCleanupIntervalMs');

  /** Kafka's GroupMetadataManager.cleanupGroupMetadata: an Empty group with no offsets left becomes Dead. */
  function removeEmptyGroups() {
    for (const [groupId, group] of groups) {
      if (group.state !== 'Empty' || group.memberList().length > 0) continue;
      if (offsets.groupOffsets(groupId).size > 0) continue;
      group.shutdown();
      groups.delete(groupId);
      logger.debug({ group: groupId }, 'kafka groups: empty group without offsets removed');
    }
  }
  let cleanupTimer = clock.setTimer(cleanupMs, function tick() {
    removeEmptyGroups();
    if (!closed) cleanupTimer = clock.setTimer(cleanupMs, tick);
  });

  /** A group with members, or one known only by its committed offsets (Empty, e.g. after a restart). */
  function lookup(groupId: string): Group | undefined {
    let group = groups.get(groupId);
    if (!group && offsets.groupOffsets(groupId).size > 0) {
      group = new Group(groupId, clock, logger);
      group.protocolType = offsets.protocolType(groupId) || null;
      groups.set(groupId, group);
    }
    return group;
  }

  function getOrCreate(groupId: string): Group {
    const existing = lookup(groupId);
    if (existing) return existing;
    const group = new Group(groupId, clock, logger);
    groups.set(groupId, group);
    return group;
  }

  function commitErrors(req: OffsetCommitRequest, errorCode: number): OffsetCommitResult {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
      })),
    };
  }

  function knownPartition(topic: string, partition: number): boolean {
    if (!catalog) return true;
    const count = catalog.partitionCount(topic);
    return count !== undefined && partition >= 0 && partition < count;
  }

  const joinError = joinErrorResult;

  return {
    joinGroup(req, signal) {
      if (closed) return Promise.resolve(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
      if (req.groupId === '') return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, req.memberId));
      if (req.sessionTimeoutMs < minSession || req.sessionTimeoutMs > maxSession)
        return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId));
      // Checked before a group is created for the request, so a refused join leaves nothing behind.
      if (req.protocolType === '' || req.protocols.length === 0)
        return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
      const group = lookup(req.groupId);
      if (!group && req.memberId !== '') return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
      return (group ?? getOrCreate(req.groupId)).join(req, signal);
    },

    syncGroup(req, signal) {
      const group = req.groupId === '' || closed ? undefined : lookup(req.groupId);
      const errorCode = closed
        ? ErrorCode.COORDINATOR_NOT_AVAILABLE
        : req.groupId === ''
          ? ErrorCode.INVALID_GROUP_ID
          : ErrorCode.UNKNOWN_MEMBER_ID;
      if (!group)
        return Promise.resolve({ errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
      return group.sync(req, signal);
    },

    heartbeat(ref) {
      if (closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
      if (ref.groupId === '') return ErrorCode.INVALID_GROUP_ID;
      return lookup(ref.groupId)?.heartbeat(ref) ?? ErrorCode.UNKNOWN_MEMBER_ID;
    },

    leaveGroup(groupId, members) {
      if (closed || groupId === '') {
        const errorCode = closed ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.INVALID_GROUP_ID;
        return { errorCode, members: [] };
      }
      const group = lookup(groupId);
      return {
        errorCode: 0,
        members: members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          errorCode: group ? group.leave(m.memberId, m.groupInstanceId) : ErrorCode.UNKNOWN_MEMBER_ID,
        })),
      };
    },

    commitOffsets(req) {
      if (closed) return commitErrors(req, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      if (req.groupId === '') return commitErrors(req, ErrorCode.INVALID_GROUP_ID);
      const existing = lookup(req.groupId);
      // Without a group, only a simple commit (generation -1, e.g. from a tool) creates one.
      if (!existing && req.generationId >= 0) return commitErrors(req, ErrorCode.ILLEGAL_GENERATION);
      const group = existing ?? getOrCreate(req.groupId);
      const memberError = group.validateCommit(req);
      if (memberError !== 0) return commitErrors(req, memberError);
      const now = clock.now();
      const entries: OffsetEntry[] = [];
      const result: OffsetCommitResult = {
        topics: req.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            if (!knownPartition(t.name, p.partitionIndex))
              return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
            if ((p.committedMetadata?.length ?? 0) > MAX_METADATA_CHARS)
              return { partitionIndex: p.partitionIndex, errorCode: OFFSET_METADATA_TOO_LARGE };
            entries.push({
              topic: t.name,
              partition: p.partitionIndex,
              value: {
                offset: p.committedOffset,
                leaderEpoch: p.committedLeaderEpoch,
                // Kafka stores a commit without metadata as "" (OffsetAndMetadata.NO_METADATA) and answers it so.
                metadata: p.committedMetadata ?? '',
                commitTimestamp: now,
              },
            });
            return { partitionIndex: p.partitionIndex, errorCode: 0 };
          }),
        })),
      };
      try {
        offsets.commit(req.groupId, entries, group.protocolType ?? '');
      } catch (error) {
        logger.error({ err: error, group: req.groupId }, 'kafka groups: could not store committed offsets');
        return commitErrors(req, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      }
      return result;
    },

    commitTxnOffsets(groupId, txnOffsets) {
      const commitTimestamp = clock.now();
      const entries: OffsetEntry[] = txnOffsets.map((o) => ({
        topic: o.topic,
        partition: o.partition,
        value: { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata ?? '', commitTimestamp },
      }));
      try {
        offsets.commit(groupId, entries, groups.get(groupId)?.protocolType ?? offsets.protocolType(groupId));
      } catch (error) {
        logger.error({ err: error, group: groupId }, 'kafka groups: could not store transactional offsets');
      }
    },

    fetchOffsets(groupId, topics) {
      const stored = offsets.groupOffsets(groupId);
      if (topics === null) {
        return {
          errorCode: 0,
          topics: [...stored].map(([name, partitions]) => ({
            name,
            partitions: [...partitions].map(([partitionIndex, v]) => ({
              partitionIndex,
              committedOffset: v.offset,
              committedLeaderEpoch: v.leaderEpoch,
              metadata: v.metadata ?? '',
              errorCode: 0,
            })),
          })),
        };
      }
      return {
        errorCode: 0,
        topics: topics.map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((partitionIndex) => {
            const v = stored.get(t.name)?.get(partitionIndex);
            return v
              ? {
                  partitionIndex,
                  committedOffset: v.offset,
                  committedLeaderEpoch: v.leaderEpoch,
                  metadata: v.metadata ?? '',
                  errorCode: 0,
                }
              : { partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 };
          }),
        })),
      };
    },

    describeGroup(groupId) {
      const group = lookup(groupId);
      if (group) return describeGroup(group);
      return { errorCode: 0, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
    },

    listGroups() {
      for (const id of offsets.groupIds()) lookup(id);
      return [...groups.values()].map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType ?? '',
        groupState: g.state,
      }));
    },

    deleteGroup(groupId) {
      if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
      const group = lookup(groupId);
      if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
      if (group.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
      group.shutdown();
      groups.delete(groupId);
      offsets.deleteGroup(groupId);
      logger.info({ group: groupId }, 'kafka groups: group deleted');
      return 0;
    },

    deleteTopicOffsets(topic) {
      offsets.deleteTopic(topic);
      // A group that only existed through offsets of that topic is gone too (DescribeGroups: Dead).
      removeEmptyGroups();
    },

    async close() {
      if (closed) return;
      closed = true;
      cleanupTimer.cancel();
      for (const group of groups.values()) group.shutdown();
      groups.clear();
      offsets.close();
    },
  };
}

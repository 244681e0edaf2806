// OffsetCommit and OffsetFetch on the wire. kafkajs 2.2.4 uses OffsetCommit 5 and OffsetFetch 4 (null topics =
// every committed offset of the group); OffsetFetch v8+ carries several groups in one request.
import type { ApiHandler, KafkaMessage, PendingTxnOffsets } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import type { GroupCoordinator } from './coordinator';
import type { OffsetFetchResult } from './types';
import { big, int, list, nullableStr, str } from './wire';

export function offsetCommitHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 8,
    minVersion: 0,
    maxVersion: 9,
    async handle({ request }) {
      const result = coordinator.commitOffsets({
        groupId: str(request.groupId),
        // v0 has no generation: a simple commit.
        generationId: int(request.generationIdOrMemberEpoch, -1),
        memberId: str(request.memberId),
        groupInstanceId: nullableStr(request.groupInstanceId),
        topics: list(request.topics).map((t) => ({
          name: str(t.name),
          partitions: list(t.partitions).map((p) => ({
            partitionIndex: int(p.partitionIndex, -1),
            committedOffset: big(p.committedOffset, -1n),
            committedLeaderEpoch: int(p.committedLeaderEpoch, -1),
            committedMetadata: nullableStr(p.committedMetadata),
          })),
        })),
      });
      return { ...result };
    },
  };
}

/** `null` topics (v2+) ask for every committed offset of the group. */
function requestedTopics(value: unknown): { name: string; partitionIndexes: number[] }[] | null {
  if (value === null) return null;
  return list(value).map((t) => ({
    name: str(t.name),
    partitionIndexes: Array.isArray(t.partitionIndexes) ? (t.partitionIndexes as number[]) : [],
  }));
}

/** `unstable(topic, partition)`: an open transaction holds an offset for it (requireStable, v7+, as Kafka). */
function topicsOut(
  result: OffsetFetchResult,
  unstable?: (topic: string, partition: number) => boolean,
): KafkaMessage[] {
  return result.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) =>
      unstable?.(t.name, p.partitionIndex) === true
        ? {
            partitionIndex: p.partitionIndex,
            committedOffset: -1n,
            committedLeaderEpoch: -1,
            metadata: '',
            errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
          }
        : {
            partitionIndex: p.partitionIndex,
            committedOffset: p.committedOffset,
            committedLeaderEpoch: p.committedLeaderEpoch,
            metadata: p.metadata,
            errorCode: p.errorCode,
          },
    ),
  }));
}

export function offsetFetchHandler(coordinator: GroupCoordinator, pendingTxn?: PendingTxnOffsets): ApiHandler {
  return {
    apiKey: 9,
    minVersion: 0,
    maxVersion: 9,
    async handle({ version, request }) {
      const unstable = (groupId: string) =>
        request.requireStable === true && pendingTxn
          ? (topic: string, partition: number) => pendingTxn.pending(groupId, topic, partition)
          : undefined;
      if (version >= 8) {
        const groups = list(request.groups).map((g) => {
          const groupId = str(g.groupId);
          const result = coordinator.fetchOffsets(groupId, requestedTopics(g.topics));
          return { groupId, topics: topicsOut(result, unstable(groupId)), errorCode: result.errorCode };
        });
        return { groups };
      }
      const groupId = str(request.groupId);
      const result = coordinator.fetchOffsets(groupId, requestedTopics(request.topics));
      return { topics: topicsOut(result, unstable(groupId)), errorCode: result.errorCode };
    },
  };
}

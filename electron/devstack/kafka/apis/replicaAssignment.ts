// Manual replica assignments (CreateTopics `assignments`, CreatePartitions `assignments`) checked as Kafka's
// controller checks them (ReplicationControlManager.validateManualPartitionAssignment): every replica list non-empty,
// no broker twice, every broker registered, and one replication factor for the whole topic. There is one broker.
import { ErrorCode } from '../protocol/errorCodes';

/** An error code and message, or null when the assignment is acceptable. */
export type AssignmentProblem = { errorCode: number; errorMessage: string } | null;

function invalid(errorMessage: string): AssignmentProblem {
  return { errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage };
}

/** Checks one partition's replica list against the registered brokers and the topic's replication factor. */
export function checkReplicaList(brokerIds: number[], brokers: number[], replicationFactor: number): AssignmentProblem {
  if (brokerIds.length === 0) return invalid('The manual partition assignment includes an empty replica list.');
  const seen = new Set<number>();
  for (const id of brokerIds) {
    if (seen.has(id)) return invalid(`The manual partition assignment includes the broker ${id} more than once.`);
    seen.add(id);
    if (!brokers.includes(id))
      return invalid(`The manual partition assignment includes broker ${id}, but no such broker is registered.`);
  }
  if (brokerIds.length !== replicationFactor)
    return invalid(
      `The manual partition assignment includes a partition with ${brokerIds.length} replica(s), but this is not ` +
        `consistent with previous partitions, which have ${replicationFactor} replica(s).`,
    );
  return null;
}

/** CreateTopics: partition indexes 0..n-1 each with a valid replica list. */
export function checkTopicAssignments(
  assignments: Array<{ partitionIndex: number; brokerIds: number[] }>,
  brokers: number[],
): AssignmentProblem {
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  const factor = sorted[0]?.brokerIds.length ?? 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as { partitionIndex: number; brokerIds: number[] };
    if (a.partitionIndex !== i) return invalid('Partitions should be a consecutive 0-based integer sequence');
    const problem = checkReplicaList(a.brokerIds, brokers, factor);
    if (problem) return problem;
  }
  return null;
}

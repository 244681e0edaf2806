// What the built-in API handlers share: the topic store, the append signal for long polls, who we are, and the
// topic defaults. One instance per broker.
import type { Logger } from '../../../../shared/logger';
import { ErrorCode } from '../protocol/errorCodes';
import { checkTopicConfig } from '../storage/topicConfig';
import type { AppendSignal } from '../storage/appendSignal';
import { isValidTopicName, type Topic, type TopicStore } from '../storage/topicStore';
import type { TransactionCoordinator } from '../txn/coordinator';
import type { BrokerIdentity } from './types';

export interface BrokerCore {
  store: TopicStore;
  signal: AppendSignal;
  identity(): BrokerIdentity;
  /** Node ids of every broker in the cluster (manual replica assignments may name any). */
  nodeIds: readonly number[];
  clusterId: string;
  defaultPartitions: number;
  logger: Logger;
  /** Aborted when the broker closes, so long polls end at once. */
  closing: AbortSignal;
  /** Next producer id handed out by InitProducerId. */
  nextProducerId: number;
  /** Transactional ids, their open transactions and markers (../txn/). */
  transactions: TransactionCoordinator;
}

/** Creates a topic after checking the request, returning a Kafka error code (0 = created). */
export function createTopicChecked(
  core: BrokerCore,
  name: string,
  partitions: number,
  replicationFactor: number,
  validateOnly: boolean,
  configs: Record<string, string | null> = {},
  leaders?: number[],
): { errorCode: number; errorMessage: string | null; topic?: Topic } {
  if (!isValidTopicName(name))
    return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: `invalid topic name "${name}"` };
  if (core.store.get(name))
    return { errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, errorMessage: `topic "${name}" already exists` };
  const count = partitions === -1 ? core.defaultPartitions : partitions;
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    return { errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `invalid partition count ${partitions}` };
  if (replicationFactor !== -1 && replicationFactor !== 1) {
    return {
      errorCode: ErrorCode.INVALID_REPLICATION_FACTOR,
      errorMessage: `replication factor ${replicationFactor}: the data is kept once, so it must be 1`,
    };
  }
  for (const [key, value] of Object.entries(configs)) {
    const problem = checkTopicConfig(key, value);
    if (problem !== undefined) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: problem };
  }
  if (validateOnly) return { errorCode: 0, errorMessage: null };
  const topic = core.store.create(name, count, configs as Record<string, string>, leaders);
  core.logger.info({ topic: name, partitions: count }, 'kafka broker: topic created');
  return { errorCode: 0, errorMessage: null, topic };
}

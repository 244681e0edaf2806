// CreateTopics, DeleteTopics and CreatePartitions: the admin operations kafkajs, kcat and the Java AdminClient use.
// Replication factor must be 1 or -1 (default): there is one broker.
import { ErrorCode } from '../protocol/errorCodes';
import type { Topic } from '../storage/topicStore';
import { createTopicChecked, type BrokerCore } from './brokerCore';
import { describeTopicConfigs } from './configResources';
import { checkReplicaList, checkTopicAssignments, type AssignmentProblem } from './replicaAssignment';
import type { ApiHandler, KafkaMessage } from './types';

const ZERO_UUID = Buffer.alloc(16);

function createdConfigs(core: BrokerCore, topic: Topic): KafkaMessage[] {
  return describeTopicConfigs(topic, core.store.brokerSettings).map((c) => ({
    name: c.name,
    value: c.value,
    readOnly: c.readOnly,
    configSource: c.source,
    isSensitive: false,
  }));
}

/** Kafka refuses counts beside a manual assignment, and any assignment naming a broker other than this one. */
function assignmentProblem(
  core: BrokerCore,
  assignments: Array<{ partitionIndex: number; brokerIds: number[] }>,
  t: KafkaMessage,
): AssignmentProblem {
  if (assignments.length === 0) return null;
  if (t.numPartitions !== -1 || t.replicationFactor !== -1)
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage:
        'A manual partition assignment was specified, but numPartitions or replicationFactor was not set to -1.',
    };
  return checkTopicAssignments(assignments, [...core.nodeIds]);
}

/** Each partition's broker in a manual assignment (its first replica, Kafka's preferred leader); none without one. */
function leadersOf(assignments: Array<{ partitionIndex: number; brokerIds: number[] }>): number[] | undefined {
  if (assignments.length === 0) return undefined;
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  return sorted.map((a) => a.brokerIds[0] as number);
}

export function createTopicsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 19,
    minVersion: 0,
    maxVersion: 7,
    async handle({ request }) {
      const validateOnly = request.validateOnly === true;
      const topics = (request.topics as KafkaMessage[]).map((t) => {
        const name = t.name as string;
        const assignments = ((t.assignments as KafkaMessage[] | undefined) ?? []).map((a) => ({
          partitionIndex: a.partitionIndex as number,
          brokerIds: a.brokerIds as number[],
        }));
        const partitions = assignments.length > 0 ? assignments.length : (t.numPartitions as number);
        const problem = assignmentProblem(core, assignments, t);
        const configs: Record<string, string | null> = {};
        for (const c of (t.configs as KafkaMessage[] | undefined) ?? [])
          configs[c.name as string] = c.value as string | null;
        const result: ReturnType<typeof createTopicChecked> =
          problem ??
          createTopicChecked(
            core,
            name,
            partitions,
            t.replicationFactor as number,
            validateOnly,
            configs,
            leadersOf(assignments),
          );
        const count =
          result.errorCode === 0
            ? (result.topic?.partitions.length ?? (partitions === -1 ? core.defaultPartitions : partitions))
            : -1;
        return {
          name,
          topicId: result.topic?.id ?? ZERO_UUID,
          errorCode: result.errorCode,
          errorMessage: result.errorMessage,
          numPartitions: count,
          replicationFactor: result.errorCode === 0 ? 1 : -1,
          // v5+: the topic's configs as DescribeConfigs would give them (what a validateOnly create would get too).
          configs: result.topic ? createdConfigs(core, result.topic) : [],
        };
      });
      return { topics };
    },
  };
}

export function deleteTopicsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 20,
    minVersion: 0,
    maxVersion: 6,
    async handle({ version, request }) {
      const requested: Array<{ name: string | null; topicId: Buffer | null }> =
        version >= 6
          ? (request.topics as KafkaMessage[]).map((t) => ({
              name: (t.name as string | null) ?? null,
              topicId: Buffer.isBuffer(t.topicId) ? t.topicId : null,
            }))
          : (request.topicNames as string[]).map((name) => ({ name, topicId: null }));
      const responses = requested.map(({ name, topicId }) => {
        const byId = name === null && topicId !== null && !topicId.equals(ZERO_UUID);
        const topic = byId ? core.store.byId(topicId) : name !== null ? core.store.get(name) : undefined;
        if (!topic) {
          return {
            name,
            topicId: topicId ?? ZERO_UUID,
            errorCode: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'no such topic',
          };
        }
        core.store.delete(topic.name);
        core.logger.info({ topic: topic.name }, 'kafka broker: topic deleted');
        return { name: topic.name, topicId: topic.id, errorCode: 0, errorMessage: null };
      });
      return { responses };
    },
  };
}

export function createPartitionsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 37,
    minVersion: 0,
    maxVersion: 3,
    async handle({ request }) {
      const validateOnly = request.validateOnly === true;
      const results = (request.topics as KafkaMessage[]).map((t) => {
        const name = t.name as string;
        const count = t.count as number;
        const topic = core.store.get(name);
        if (!topic)
          return {
            name,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `topic "${name}" does not exist`,
          };
        if (!Number.isInteger(count) || count <= topic.partitions.length || count > 10_000) {
          return {
            name,
            errorCode: ErrorCode.INVALID_PARTITIONS,
            errorMessage: `topic "${name}" has ${topic.partitions.length} partitions; cannot grow to ${count}`,
          };
        }
        const assignments = (t.assignments as KafkaMessage[] | null | undefined) ?? null;
        if (assignments !== null) {
          const added = count - topic.partitions.length;
          if (assignments.length !== added)
            return {
              name,
              errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
              errorMessage: `Attempted to add ${added} additional partition(s), but only ${assignments.length} assignment(s) were specified.`,
            };
          for (const a of assignments) {
            const problem = checkReplicaList(a.brokerIds as number[], [...core.nodeIds], 1);
            if (problem) return { name, ...problem };
          }
        }
        if (!validateOnly) {
          const leaders = assignments?.map((a) => (a.brokerIds as number[])[0] as number);
          core.store.addPartitions(topic, count, leaders);
          core.logger.info({ topic: name, partitions: count }, 'kafka broker: partitions added');
        }
        return { name, errorCode: 0, errorMessage: null };
      });
      return { results };
    },
  };
}

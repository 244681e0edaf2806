// Metadata: the single broker, every requested topic (auto-created when the client allows it), this node as
// controller and as leader of every partition.
import { ErrorCode } from '../protocol/errorCodes';
import type { Topic } from '../storage/topicStore';
import { createTopicChecked, type BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

const NO_AUTHORIZED_OPERATIONS = -2147483648;
const ZERO_UUID = Buffer.alloc(16);

function describeTopic(core: BrokerCore, topic: Topic): KafkaMessage {
  const { nodeId } = core.identity();
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topic.id,
    isInternal: false,
    partitions: topic.partitions.map((_, partitionIndex) => ({
      errorCode: 0,
      partitionIndex,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
  };
}

function lookup(core: BrokerCore, requested: KafkaMessage, allowAutoCreate: boolean): KafkaMessage {
  const name = typeof requested.name === 'string' ? requested.name : null;
  if (name === null) {
    const id = requested.topicId;
    const topic = Buffer.isBuffer(id) ? core.store.byId(id) : undefined;
    if (topic) return describeTopic(core, topic);
    return {
      errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
      name: null,
      topicId: Buffer.isBuffer(id) ? id : ZERO_UUID,
      partitions: [],
    };
  }
  const existing = core.store.get(name);
  if (existing) return describeTopic(core, existing);
  if (allowAutoCreate) {
    const created = createTopicChecked(core, name, -1, -1, false);
    if (created.topic) return describeTopic(core, created.topic);
    return { errorCode: created.errorCode, name, topicId: ZERO_UUID, partitions: [] };
  }
  return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, topicId: ZERO_UUID, partitions: [] };
}

export function metadataHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 3,
    minVersion: 0,
    maxVersion: 12,
    async handle({ version, request }) {
      const identity = core.identity();
      const requested = request.topics as KafkaMessage[] | null;
      // v0 has no null: an empty list means "all topics" there; from v1 on, null means all and [] means none.
      const all = requested === null || (version === 0 && requested.length === 0);
      const allowAutoCreate = version < 4 ? true : request.allowAutoTopicCreation === true;
      const topics = all
        ? core.store.all().map((t) => describeTopic(core, t))
        : requested.map((t) => lookup(core, t, allowAutoCreate));
      return {
        brokers: [{ nodeId: identity.nodeId, host: identity.host, port: identity.port, rack: null }],
        clusterId: core.clusterId,
        controllerId: identity.nodeId,
        topics,
        clusterAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
      };
    },
  };
}

// Metadata: the running brokers at their addresses on the listener asked, every requested topic (auto-created when
// the client allows it), the controller, and each partition's leader. Replication factor is 1, so a partition whose
// only replica is stopped has no leader: leader -1 and LEADER_NOT_AVAILABLE, the replica listed as offline (what
// Kafka answers when the last in-sync replica of a partition goes down).
import type { ListenerView } from '../cluster/listenerView';
import { ErrorCode } from '../protocol/errorCodes';
import type { Topic } from '../storage/topicStore';
import { createTopicChecked, type BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

const NO_AUTHORIZED_OPERATIONS = -2147483648;
const ZERO_UUID = Buffer.alloc(16);

function describePartition(view: ListenerView, topic: string, partitionIndex: number): KafkaMessage {
  const nodeId = view.layout.leaderOf(topic, partitionIndex);
  const live = view.layout.isLive(nodeId);
  return {
    errorCode: live ? 0 : ErrorCode.LEADER_NOT_AVAILABLE,
    partitionIndex,
    leaderId: live ? nodeId : -1,
    leaderEpoch: 0,
    replicaNodes: [nodeId],
    isrNodes: [nodeId],
    offlineReplicas: live ? [] : [nodeId],
  };
}

function describeTopic(view: ListenerView, topic: Topic): KafkaMessage {
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topic.id,
    isInternal: false,
    partitions: topic.partitions.map((_, partitionIndex) => describePartition(view, topic.name, partitionIndex)),
    topicAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
  };
}

function lookup(
  core: BrokerCore,
  view: ListenerView,
  requested: KafkaMessage,
  allowAutoCreate: boolean,
): KafkaMessage {
  const name = typeof requested.name === 'string' ? requested.name : null;
  if (name === null) {
    const id = requested.topicId;
    const topic = Buffer.isBuffer(id) ? core.store.byId(id) : undefined;
    if (topic) return describeTopic(view, topic);
    return {
      errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
      name: null,
      topicId: Buffer.isBuffer(id) ? id : ZERO_UUID,
      partitions: [],
    };
  }
  const existing = core.store.get(name);
  if (existing) return describeTopic(view, existing);
  if (allowAutoCreate) {
    const created = createTopicChecked(core, name, -1, -1, false);
    if (created.topic) return describeTopic(view, created.topic);
    return { errorCode: created.errorCode, name, topicId: ZERO_UUID, partitions: [] };
  }
  return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, topicId: ZERO_UUID, partitions: [] };
}

/** Metadata as answered on one listener of one broker. */
export function metadataHandler(core: BrokerCore, view: ListenerView): ApiHandler {
  return {
    apiKey: 3,
    minVersion: 0,
    maxVersion: 12,
    async handle({ version, request }) {
      const requested = request.topics as KafkaMessage[] | null;
      // v0 has no null: an empty list means "all topics" there; from v1 on, null means all and [] means none.
      const all = requested === null || (version === 0 && requested.length === 0);
      const allowAutoCreate = version < 4 ? true : request.allowAutoTopicCreation === true;
      const topics = all
        ? core.store.all().map((t) => describeTopic(view, t))
        : requested.map((t) => lookup(core, view, t, allowAutoCreate));
      // Like Kafka, only running brokers are listed; a stopped one is still named as its partitions' replica.
      const brokers = view.layout.nodeIds
        .filter((nodeId) => view.layout.isLive(nodeId))
        .map((nodeId) => ({ nodeId, ...view.address(nodeId), rack: null }));
      return {
        brokers,
        clusterId: core.clusterId,
        controllerId: view.layout.controllerId(),
        topics,
        clusterAuthorizedOperations: NO_AUTHORIZED_OPERATIONS,
      };
    },
  };
}

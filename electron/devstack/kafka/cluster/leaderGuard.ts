// Partition requests on a broker that does not lead the partition: Produce, Fetch, ListOffsets and DeleteRecords
// answer NOT_LEADER_OR_FOLLOWER for those partitions, as Kafka's ReplicaManager does, and the shared handler serves
// the rest. A request naming only partitions this broker leads goes to the handler untouched (the produce and fetch
// paths pay one lookup per partition, nothing else).
import type { ApiHandler, KafkaMessage } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import type { ListenerView } from './listenerView';

/** Where one API keeps its topics and partitions, in the request and in the response, and its error entry. */
interface PartitionApiShape {
  requestTopics: string;
  requestTopicName: string;
  requestPartitions: string;
  requestIndex: string;
  responseTopics: string;
  responseTopicName: string;
  responsePartitions: string;
  errorEntry(partition: number, errorCode: number): KafkaMessage;
}

const SHAPES: Record<number, PartitionApiShape> = {
  0: {
    requestTopics: 'topicData',
    requestTopicName: 'name',
    requestPartitions: 'partitionData',
    requestIndex: 'index',
    responseTopics: 'responses',
    responseTopicName: 'name',
    responsePartitions: 'partitionResponses',
    errorEntry: (index, errorCode) => ({
      index,
      errorCode,
      baseOffset: -1,
      logAppendTimeMs: -1,
      logStartOffset: -1,
      errorMessage: null,
    }),
  },
  1: {
    requestTopics: 'topics',
    requestTopicName: 'topic',
    requestPartitions: 'partitions',
    requestIndex: 'partition',
    responseTopics: 'responses',
    responseTopicName: 'topic',
    responsePartitions: 'partitions',
    errorEntry: (partitionIndex, errorCode) => ({
      partitionIndex,
      errorCode,
      highWatermark: -1,
      lastStableOffset: -1,
      logStartOffset: -1,
      preferredReadReplica: -1,
      records: [],
    }),
  },
  2: {
    requestTopics: 'topics',
    requestTopicName: 'name',
    requestPartitions: 'partitions',
    requestIndex: 'partitionIndex',
    responseTopics: 'topics',
    responseTopicName: 'name',
    responsePartitions: 'partitions',
    errorEntry: (partitionIndex, errorCode) => ({
      partitionIndex,
      errorCode,
      timestamp: -1,
      offset: -1,
      leaderEpoch: -1,
      oldStyleOffsets: [],
    }),
  },
  21: {
    requestTopics: 'topics',
    requestTopicName: 'name',
    requestPartitions: 'partitions',
    requestIndex: 'partitionIndex',
    responseTopics: 'topics',
    responseTopicName: 'name',
    responsePartitions: 'partitions',
    errorEntry: (partitionIndex, errorCode) => ({ partitionIndex, lowWatermark: -1, errorCode }),
  },
};

/** API keys whose partitions must be sent to their leader. */
export const LEADER_APIS = Object.keys(SHAPES).map(Number);

/**
 * Wraps one of the partition handlers (Produce, Fetch, ListOffsets, DeleteRecords) of a broker in a cluster.
 * `exists` says whether a partition exists: an unknown one is left to the handler (UNKNOWN_TOPIC_OR_PARTITION).
 */
export function leaderGuard(
  inner: ApiHandler,
  view: ListenerView,
  exists: (topic: string, partition: number) => boolean,
): ApiHandler {
  const shape = SHAPES[inner.apiKey];
  if (!shape) return inner;
  const foreign = (topic: string, partition: number): boolean =>
    exists(topic, partition) && view.layout.leaderOf(topic, partition) !== view.nodeId;
  return {
    ...inner,
    async handle(ctx) {
      const topics = ctx.request[shape.requestTopics] as KafkaMessage[];
      let anyForeign = false;
      for (const t of topics) {
        const name = t[shape.requestTopicName] as string;
        for (const p of t[shape.requestPartitions] as KafkaMessage[])
          if (foreign(name, p[shape.requestIndex] as number)) anyForeign = true;
      }
      if (!anyForeign) return inner.handle(ctx);
      const refused = new Map<string, KafkaMessage[]>();
      const local: KafkaMessage[] = [];
      for (const t of topics) {
        const name = t[shape.requestTopicName] as string;
        const mine: KafkaMessage[] = [];
        for (const p of t[shape.requestPartitions] as KafkaMessage[]) {
          const index = p[shape.requestIndex] as number;
          if (!foreign(name, index)) mine.push(p);
          else {
            const list = refused.get(name) ?? [];
            list.push(shape.errorEntry(index, ErrorCode.NOT_LEADER_OR_FOLLOWER));
            refused.set(name, list);
          }
        }
        if (mine.length > 0) local.push({ ...t, [shape.requestPartitions]: mine });
      }
      // An error in a fetch answers at once in Kafka, so the partitions served here do not wait either.
      const request = { ...ctx.request, [shape.requestTopics]: local };
      if (inner.apiKey === 1) request.maxWaitMs = 0;
      const served =
        local.length > 0
          ? await inner.handle({ ...ctx, request })
          : inner.apiKey === 0 && ctx.request.acks === 0
            ? null
            : {};
      if (served === null) return null;
      const answered = [...((served[shape.responseTopics] as KafkaMessage[] | undefined) ?? [])];
      for (const [name, errors] of refused) {
        const at = answered.findIndex((t) => t[shape.responseTopicName] === name);
        if (at < 0) answered.push({ [shape.responseTopicName]: name, [shape.responsePartitions]: errors });
        else {
          const t = answered[at] as KafkaMessage;
          answered[at] = {
            ...t,
            [shape.responsePartitions]: [...(t[shape.responsePartitions] as KafkaMessage[]), ...errors],
          };
        }
      }
      return { ...served, [shape.responseTopics]: answered };
    },
  };
}

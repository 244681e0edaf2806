// Transaction requests in a cluster: InitProducerId (with a transactional id), AddPartitionsToTxn, AddOffsetsToTxn
// and EndTxn belong to the broker that FindCoordinator names for the transactional id, TxnOffsetCommit to the group's
// coordinator; sent anywhere else they get NOT_COORDINATOR, as Kafka answers, so a client looks the coordinator up
// again. The transaction state itself is shared by all brokers.
import type { ApiHandler, KafkaMessage, RequestContext } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import type { ListenerView } from './listenerView';

const INIT_PRODUCER_ID = 22;
const ADD_PARTITIONS_TO_TXN = 24;
const ADD_OFFSETS_TO_TXN = 25;
const END_TXN = 26;
const TXN_OFFSET_COMMIT = 28;

const list = (value: unknown): KafkaMessage[] => (Array.isArray(value) ? (value as KafkaMessage[]) : []);

/** The coordinator key of a request: a transactional id, or the group id for TxnOffsetCommit; null = any broker. */
function keyOf(ctx: RequestContext): string | null {
  const { request } = ctx;
  const key =
    ctx.apiKey === TXN_OFFSET_COMMIT
      ? request.groupId
      : ctx.apiKey === ADD_PARTITIONS_TO_TXN
        ? request.v3AndBelowTransactionalId
        : request.transactionalId;
  return typeof key === 'string' ? key : null;
}

function notCoordinator(ctx: RequestContext): KafkaMessage {
  const errorCode = ErrorCode.NOT_COORDINATOR;
  const { request } = ctx;
  switch (ctx.apiKey) {
    case INIT_PRODUCER_ID:
      return { errorCode, producerId: -1n, producerEpoch: -1 };
    case ADD_PARTITIONS_TO_TXN:
      return {
        resultsByTopicV3AndBelow: list(request.v3AndBelowTopics).map((t) => ({
          name: t.name,
          resultsByPartition: ((t.partitions as number[] | undefined) ?? []).map((partitionIndex) => ({
            partitionIndex,
            partitionErrorCode: errorCode,
          })),
        })),
      };
    case TXN_OFFSET_COMMIT:
      return {
        topics: list(request.topics).map((t) => ({
          name: t.name,
          partitions: list(t.partitions).map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
        })),
      };
    default:
      return { errorCode };
  }
}

/** Wraps a transaction handler of one broker's listener in a cluster; other handlers pass through. */
export function txnCoordinatorGuard(inner: ApiHandler, view: ListenerView, clustered: boolean): ApiHandler {
  const guarded = [INIT_PRODUCER_ID, ADD_PARTITIONS_TO_TXN, ADD_OFFSETS_TO_TXN, END_TXN, TXN_OFFSET_COMMIT];
  if (!clustered || !guarded.includes(inner.apiKey)) return inner;
  return {
    ...inner,
    async handle(ctx) {
      const key = keyOf(ctx);
      // An idempotent producer's InitProducerId (no transactional id) may go to any broker.
      if (key === null || view.layout.coordinatorOf(key) === view.nodeId) return inner.handle(ctx);
      return notCoordinator(ctx);
    },
  };
}

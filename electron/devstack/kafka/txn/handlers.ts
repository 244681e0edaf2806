// The transaction APIs on the wire: InitProducerId (22, idempotent and transactional), AddPartitionsToTxn (24),
// AddOffsetsToTxn (25), EndTxn (26) and TxnOffsetCommit (28). kafkajs 2.2.4 uses v1 of each; librdkafka 2.0 picks
// the newest it knows. Versions stop before KIP-890's (AddPartitionsToTxn 4+ is broker-to-broker, EndTxn 5 bumps
// the epoch per transaction).
import type { BrokerCore } from '../apis/brokerCore';
import type { ApiHandler, KafkaMessage } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import { big, int, list, nullableStr, str } from '../groups/wire';
import type { TxnRef } from './coordinator';

/** Kafka answers INVALID_PRODUCER_EPOCH instead of PRODUCER_FENCED to versions older than `since`. */
function fenced(errorCode: number, version: number, since: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && version < since ? ErrorCode.INVALID_PRODUCER_EPOCH : errorCode;
}

function ref(request: KafkaMessage, prefix = ''): TxnRef {
  const field = (name: string): unknown =>
    request[prefix === '' ? name : `${prefix}${name[0]?.toUpperCase()}${name.slice(1)}`];
  return {
    transactionalId: str(field('transactionalId')),
    producerId: Number(big(field('producerId'), -1n)),
    producerEpoch: int(field('producerEpoch'), -1),
  };
}

export function initProducerIdHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 22,
    minVersion: 0,
    maxVersion: 5,
    async handle({ version, request }) {
      const transactionalId = nullableStr(request.transactionalId);
      const producerId = Number(big(request.producerId, -1n));
      const producerEpoch = int(request.producerEpoch, -1);
      if (transactionalId === null) {
        // Idempotent producer: a new id, or (v3+) the same id with the next epoch.
        if (producerId >= 0 && producerEpoch >= 0 && producerEpoch < 32767)
          return { errorCode: 0, producerId, producerEpoch: producerEpoch + 1 };
        return { errorCode: 0, producerId: core.nextProducerId++, producerEpoch: 0 };
      }
      const result = core.transactions.initProducerId({
        transactionalId,
        timeoutMs: int(request.transactionTimeoutMs, 0),
        producerId,
        producerEpoch,
      });
      return { ...result, errorCode: fenced(result.errorCode, version, 4) };
    },
  };
}

export function addPartitionsToTxnHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 24,
    minVersion: 0,
    maxVersion: 3,
    async handle({ version, request }) {
      const topics = list(request.v3AndBelowTopics).map((t) => ({
        name: str(t.name),
        partitions: Array.isArray(t.partitions) ? (t.partitions as number[]) : [],
      }));
      const unknown = (name: string, p: number): boolean => (core.store.partitionCount(name) ?? 0) <= p || p < 0;
      const anyUnknown = topics.some((t) => t.partitions.some((p) => unknown(t.name, p)));
      // As Kafka: unknown partitions fail the whole request, the others are answered OPERATION_NOT_ATTEMPTED.
      const errorCode = anyUnknown
        ? -1
        : fenced(
            core.transactions.addPartitions(
              ref(request, 'v3AndBelow'),
              topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition }))),
            ),
            version,
            2,
          );
      const resultsByTopicV3AndBelow = topics.map((t) => ({
        name: t.name,
        resultsByPartition: t.partitions.map((partitionIndex) => ({
          partitionIndex,
          partitionErrorCode:
            errorCode >= 0
              ? errorCode
              : unknown(t.name, partitionIndex)
                ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                : ErrorCode.OPERATION_NOT_ATTEMPTED,
        })),
      }));
      return { resultsByTopicV3AndBelow };
    },
  };
}

export function addOffsetsToTxnHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 25,
    minVersion: 0,
    maxVersion: 4,
    async handle({ version, request }) {
      const errorCode = core.transactions.addOffsets(ref(request), str(request.groupId));
      return { errorCode: fenced(errorCode, version, 2) };
    },
  };
}

export function endTxnHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 26,
    minVersion: 0,
    maxVersion: 4,
    async handle({ version, request }) {
      const errorCode = core.transactions.endTxn(ref(request), request.committed === true);
      return { errorCode: fenced(errorCode, version, 2) };
    },
  };
}

export function txnOffsetCommitHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 28,
    minVersion: 0,
    maxVersion: 4,
    async handle({ request }) {
      const groupId = str(request.groupId);
      const topics = list(request.topics);
      const offsets = topics.flatMap((t) =>
        list(t.partitions)
          .filter((p) => int(p.partitionIndex, -1) < (core.store.partitionCount(str(t.name)) ?? 0))
          .map((p) => ({
            topic: str(t.name),
            partition: int(p.partitionIndex, -1),
            offset: big(p.committedOffset, -1n),
            leaderEpoch: int(p.committedLeaderEpoch, -1),
            metadata: nullableStr(p.committedMetadata) ?? '',
          })),
      );
      const errorCode =
        groupId === '' ? ErrorCode.INVALID_GROUP_ID : core.transactions.txnOffsetCommit(ref(request), groupId, offsets);
      return {
        topics: topics.map((t) => ({
          name: str(t.name),
          partitions: list(t.partitions).map((p) => {
            const partitionIndex = int(p.partitionIndex, -1);
            const known = partitionIndex >= 0 && partitionIndex < (core.store.partitionCount(str(t.name)) ?? 0);
            return { partitionIndex, errorCode: known ? errorCode : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          }),
        })),
      };
    },
  };
}

/** Every transaction API handler, for the broker's built-in list. */
export const transactionHandlers = [
  initProducerIdHandler,
  addPartitionsToTxnHandler,
  addOffsetsToTxnHandler,
  endTxnHandler,
  txnOffsetCommitHandler,
];

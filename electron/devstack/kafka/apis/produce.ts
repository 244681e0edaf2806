// Produce: validates each RecordBatch v2 (length, magic, CRC-32C) and appends it as received, compressed or not.
// acks=0 gets no response at all, as with Kafka; acks=1 and acks=-1 are the same on a single replica.
import { ErrorCode } from '../protocol/errorCodes';
import { inspectBatch, isBatchProblem, type BatchInfo } from '../protocol/recordBatch';
import { partitionKey } from '../storage/appendSignal';
import { producerStateFor } from '../storage/producerState';
import { CONTROL_BIT, readRecords } from '../storage/records';
import { TRANSACTIONAL_BIT } from '../protocol/controlBatch';
import type { Topic } from '../storage/topicStore';
import type { BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

interface PartitionResult {
  errorCode: number;
  baseOffset: number;
  errorMessage: string | null;
}

function validBatches(
  records: Buffer,
): { batches: Array<{ at: number; info: BatchInfo }> } | { errorCode: number; errorMessage: string } {
  const batches: Array<{ at: number; info: BatchInfo }> = [];
  let at = 0;
  while (at < records.length) {
    const info = inspectBatch(records, at);
    if (isBatchProblem(info)) {
      const errorCode =
        info.problem === 'magic'
          ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT
          : info.problem === 'crc'
            ? ErrorCode.CORRUPT_MESSAGE
            : ErrorCode.INVALID_RECORD;
      return { errorCode, errorMessage: info.message };
    }
    batches.push({ at, info });
    at += info.size;
  }
  if (batches.length === 0) return { errorCode: ErrorCode.INVALID_RECORD, errorMessage: 'empty record set' };
  return { batches };
}

function keylessRecord(batch: Buffer): boolean {
  if ((batch.readInt16BE(21) & CONTROL_BIT) !== 0) return false;
  return readRecords(batch)?.some((r) => r.key === null) ?? false;
}

function appendPartition(core: BrokerCore, topicName: string, index: number, records: unknown): PartitionResult {
  const topic = core.store.get(topicName);
  const log = topic?.partitions[index];
  if (!log) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1, errorMessage: null };
  if (!Buffer.isBuffer(records))
    return { errorCode: ErrorCode.INVALID_RECORD, baseOffset: -1, errorMessage: 'no records' };
  const checked = validBatches(records);
  if ('errorCode' in checked)
    return { errorCode: checked.errorCode, baseOffset: -1, errorMessage: checked.errorMessage };
  const producers = producerStateFor(log);
  const config = (topic as Topic).logConfig;
  for (const { at, info } of checked.batches) {
    // Markers are the transaction coordinator's to write (Kafka refuses control batches from clients).
    if ((info.attributes & CONTROL_BIT) !== 0)
      return { errorCode: ErrorCode.INVALID_RECORD, baseOffset: -1, errorMessage: 'control batches are not accepted' };
    // A transactional batch only goes to a partition its producer added to its open transaction.
    if ((info.attributes & TRANSACTIONAL_BIT) !== 0) {
      const errorCode = core.transactions.checkProduce(info.producerId, info.producerEpoch, topicName, index);
      if (errorCode !== 0) {
        const errorMessage =
          errorCode === ErrorCode.INVALID_TXN_STATE
            ? 'Partition was not added to the transaction' // Kafka's wording (ReplicaManager)
            : `producer epoch ${info.producerEpoch} is not the current one`;
        return { errorCode, baseOffset: -1, errorMessage };
      }
    }
    if (info.size > config.maxMessageBytes)
      return {
        errorCode: ErrorCode.MESSAGE_TOO_LARGE,
        baseOffset: -1,
        errorMessage: `batch of ${info.size} bytes is over max.message.bytes ${config.maxMessageBytes}`,
      };
    // Only compacted topics pay for reading keys: Kafka refuses keyless records there.
    if (config.compact && keylessRecord(records.subarray(at, at + info.size)))
      return {
        errorCode: ErrorCode.INVALID_RECORD,
        baseOffset: -1,
        errorMessage: `Compacted topic cannot accept message without key in topic partition ${topicName}-${index}.`,
      };
  }
  let baseOffset = -1;
  try {
    for (const { at, info } of checked.batches) {
      const verdict = producers.check(info);
      if (verdict.kind === 'reject')
        return { errorCode: verdict.errorCode, baseOffset: -1, errorMessage: verdict.message };
      if (verdict.kind === 'duplicate') {
        if (baseOffset < 0) baseOffset = verdict.baseOffset;
        continue;
      }
      const offset = log.append(records.subarray(at, at + info.size), info);
      producers.record(info, offset);
      if (baseOffset < 0) baseOffset = offset;
    }
  } catch (error) {
    // A failed write (disk full, permissions) is the client's retriable KAFKA_STORAGE_ERROR, not a dropped connection.
    core.logger.error({ err: error, topic: topicName, partition: index }, 'kafka broker: append failed');
    return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, baseOffset: -1, errorMessage: String(error) };
  }
  core.signal.notify(partitionKey(topicName, index));
  return { errorCode: 0, baseOffset, errorMessage: null };
}

export function produceHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 0,
    minVersion: 3,
    maxVersion: 11,
    async handle({ request }) {
      const acks = request.acks as number;
      const validAcks = acks === 0 || acks === 1 || acks === -1;
      const responses = (request.topicData as KafkaMessage[]).map((topicData) => {
        const name = topicData.name as string;
        const partitionResponses = (topicData.partitionData as KafkaMessage[]).map((data) => {
          const index = data.index as number;
          const result = validAcks
            ? appendPartition(core, name, index, data.records)
            : { errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1, errorMessage: `acks ${acks}` };
          const log = core.store.get(name)?.partitions[index];
          return {
            index,
            errorCode: result.errorCode,
            baseOffset: result.baseOffset,
            logAppendTimeMs: -1,
            logStartOffset: log ? log.logStartOffset : -1,
            errorMessage: result.errorMessage,
          };
        });
        return { name, partitionResponses };
      });
      if (acks === 0) return null;
      return { responses };
    },
  };
}

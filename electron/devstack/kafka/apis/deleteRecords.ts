// DeleteRecords (admin deleteTopicRecords, kafka-delete-records): moves a partition's log start offset up, as Kafka's
// ReplicaManager.deleteRecords does. -1 means the high watermark; beyond it (or below -1) is OFFSET_OUT_OF_RANGE; a
// topic whose cleanup.policy lacks delete refuses (POLICY_VIOLATION). Answers the new low watermark.
import { ErrorCode } from '../protocol/errorCodes';
import type { BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

export function deleteRecordsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 21,
    minVersion: 0,
    maxVersion: 2,
    async handle({ request }) {
      const topics = (request.topics as KafkaMessage[]).map((t) => {
        const name = t.name as string;
        const topic = core.store.get(name);
        const partitions = (t.partitions as KafkaMessage[]).map((p) => {
          const partitionIndex = p.partitionIndex as number;
          const log = topic?.partitions[partitionIndex];
          if (!topic || !log)
            return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          if (!topic.logConfig.delete)
            return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.POLICY_VIOLATION };
          const asked = Number(p.offset);
          const offset = asked === -1 ? log.nextOffset : asked;
          if (offset < 0 || offset > log.nextOffset)
            return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
          try {
            log.deleteRecordsBefore(offset);
          } catch (error) {
            core.logger.error({ err: error, topic: name, partition: partitionIndex }, 'kafka broker: delete failed');
            return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
          }
          return { partitionIndex, lowWatermark: log.logStartOffset, errorCode: 0 };
        });
        return { name, partitions };
      });
      return { topics };
    },
  };
}

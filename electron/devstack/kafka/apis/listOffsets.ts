// ListOffsets: earliest (-2, also -4 "earliest local"), latest (-1), max timestamp (-3) and by timestamp. Lookups by
// timestamp work at batch granularity from the per-batch max timestamp index: the answer is the base offset of the
// first batch holding a timestamp >= the target (exact for one-record batches, a few records early otherwise).
import { ErrorCode } from '../protocol/errorCodes';
import type { PartitionLog } from '../storage/partitionLog';
import type { BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;
const EARLIEST_LOCAL = -4;

function lookup(log: PartitionLog, timestamp: number): { offset: number; timestamp: number } {
  switch (timestamp) {
    case LATEST:
      return { offset: log.nextOffset, timestamp: -1 };
    case EARLIEST:
    case EARLIEST_LOCAL:
      return { offset: log.logStartOffset, timestamp: -1 };
    case MAX_TIMESTAMP:
      return log.maxTimestamp() ?? { offset: -1, timestamp: -1 };
    default: {
      const offset = log.offsetForTimestamp(timestamp);
      return offset < 0 ? { offset: -1, timestamp: -1 } : { offset, timestamp };
    }
  }
}

export function listOffsetsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 2,
    minVersion: 1,
    maxVersion: 8,
    async handle({ request }) {
      const topics = (request.topics as KafkaMessage[]).map((t) => {
        const name = t.name as string;
        const topic = core.store.get(name);
        const partitions = (t.partitions as KafkaMessage[]).map((p) => {
          const partitionIndex = p.partitionIndex as number;
          const log = topic?.partitions[partitionIndex];
          if (!log)
            return {
              partitionIndex,
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              timestamp: -1,
              offset: -1,
              leaderEpoch: -1,
            };
          const found = lookup(log, Number(p.timestamp));
          return { partitionIndex, errorCode: 0, timestamp: found.timestamp, offset: found.offset, leaderEpoch: 0 };
        });
        return { name, partitions };
      });
      return { topics };
    },
  };
}

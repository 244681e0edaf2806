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

function lookup(log: PartitionLog, timestamp: number, readCommitted: boolean): { offset: number; timestamp: number } {
  switch (timestamp) {
    case LATEST:
      // read_committed consumers start at the last stable offset: nothing of an open transaction is theirs yet.
      return { offset: readCommitted ? log.txns.lastStableOffset(log.nextOffset) : log.nextOffset, timestamp: -1 };
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

/**
 * v0 (older clients) answers a list of offsets, newest first, at most `maxNumOffsets`, as Kafka's
 * legacyFetchOffsetsBefore does: for latest the log end then the segment starts below it, for earliest the log
 * start only, for a time the segment starts at or before it. Our segments are the stored batches' starts here, and
 * the log start stands for the oldest one.
 */
function legacyOffsets(log: PartitionLog, timestamp: number, maxNumOffsets: number): bigint[] {
  const max = Math.max(0, maxNumOffsets);
  if (timestamp === EARLIEST) return max > 0 ? [BigInt(log.logStartOffset)] : [];
  const out: number[] = [];
  if (timestamp === LATEST) {
    out.push(log.nextOffset);
    if (log.logStartOffset < log.nextOffset) out.push(log.logStartOffset);
  } else {
    const at = log.offsetForTimestamp(timestamp);
    out.push(at < 0 ? log.nextOffset : at);
    if (log.logStartOffset < (out[0] as number)) out.push(log.logStartOffset);
  }
  return out.slice(0, max).map(BigInt);
}

export function listOffsetsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 2,
    minVersion: 0,
    maxVersion: 8,
    async handle({ version, request }) {
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
              oldStyleOffsets: [],
            };
          if (version === 0) {
            const oldStyleOffsets = legacyOffsets(log, Number(p.timestamp), p.maxNumOffsets as number);
            return { partitionIndex, errorCode: 0, oldStyleOffsets };
          }
          const found = lookup(log, Number(p.timestamp), request.isolationLevel === 1);
          return { partitionIndex, errorCode: 0, timestamp: found.timestamp, offset: found.offset, leaderEpoch: 0 };
        });
        return { name, partitions };
      });
      return { topics };
    },
  };
}

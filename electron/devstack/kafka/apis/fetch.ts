// Fetch: serves stored batches byte for byte (no re-encoding), long-polling up to max wait until min bytes are
// available; woken early by produce. Sessionless: every fetch is a full fetch and we answer session id 0.
// read_committed (isolation level 1) stops before the last stable offset and is told the aborted transactions in
// the range, whose batches the client skips; read_uncommitted reads to the high watermark.
import { ErrorCode } from '../protocol/errorCodes';
import { partitionKey } from '../storage/appendSignal';
import type { BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

interface Wanted {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

function collect(
  core: BrokerCore,
  wanted: Wanted[],
  responseMaxBytes: number,
  readCommitted: boolean,
): { responses: KafkaMessage[]; bytes: number; errors: number } {
  const byTopic = new Map<string, KafkaMessage[]>();
  let bytes = 0;
  let errors = 0;
  for (const w of wanted) {
    const log = core.store.get(w.topic)?.partitions[w.partition];
    let partition: KafkaMessage;
    if (!log) {
      errors++;
      partition = {
        partitionIndex: w.partition,
        errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        highWatermark: -1,
        lastStableOffset: -1,
        logStartOffset: -1,
        records: [],
      };
    } else if (w.fetchOffset < log.logStartOffset || w.fetchOffset > log.nextOffset) {
      errors++;
      partition = {
        partitionIndex: w.partition,
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        highWatermark: log.nextOffset,
        lastStableOffset: log.txns.lastStableOffset(log.nextOffset),
        logStartOffset: log.logStartOffset,
        records: [],
      };
    } else {
      // The response limit is soft for the first batch (KIP-74): a batch larger than it must still get through.
      const budget = bytes === 0 ? w.maxBytes : Math.min(w.maxBytes, responseMaxBytes - bytes);
      const lastStableOffset = log.txns.lastStableOffset(log.nextOffset);
      const end = readCommitted ? lastStableOffset : log.nextOffset;
      const slice = w.fetchOffset < end && budget > 0 ? log.read(w.fetchOffset, budget, end) : { chunks: [], bytes: 0 };
      bytes += slice.bytes;
      const aborted = readCommitted && slice.bytes > 0 ? log.txns.abortedIn(w.fetchOffset, end) : [];
      partition = {
        partitionIndex: w.partition,
        errorCode: 0,
        highWatermark: log.nextOffset,
        lastStableOffset,
        logStartOffset: log.logStartOffset,
        abortedTransactions: aborted.map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset })),
        preferredReadReplica: -1,
        records: slice.chunks,
      };
    }
    let list = byTopic.get(w.topic);
    if (!list) byTopic.set(w.topic, (list = []));
    list.push(partition);
  }
  return { responses: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })), bytes, errors };
}

export function fetchHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 1,
    minVersion: 4,
    maxVersion: 12,
    async handle({ version, request, signal }) {
      if (version >= 7 && (request.sessionId as number) !== 0) {
        return { errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
      }
      const wanted: Wanted[] = [];
      for (const t of request.topics as KafkaMessage[]) {
        for (const p of t.partitions as KafkaMessage[]) {
          wanted.push({
            topic: t.topic as string,
            partition: p.partition as number,
            fetchOffset: Number(p.fetchOffset),
            maxBytes: p.partitionMaxBytes as number,
          });
        }
      }
      const maxBytes = version >= 3 ? (request.maxBytes as number) : 0x7fffffff;
      const minBytes = request.minBytes as number;
      const deadline = Date.now() + Math.max(0, request.maxWaitMs as number);
      const keys = wanted.map((w) => partitionKey(w.topic, w.partition));
      const stop = signal ? AbortSignal.any([core.closing, signal]) : core.closing;
      const readCommitted = (request.isolationLevel as number | undefined) === 1;
      for (;;) {
        const result = collect(core, wanted, maxBytes, readCommitted);
        const left = deadline - Date.now();
        if (result.errors > 0 || result.bytes >= minBytes || left <= 0 || stop.aborted) {
          return { errorCode: 0, sessionId: 0, responses: result.responses };
        }
        await core.signal.wait(keys, left, stop);
      }
    },
  };
}

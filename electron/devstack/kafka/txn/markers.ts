// Writing transaction markers (COMMIT / ABORT control batches) into the partitions of a transaction, as Kafka's
// TransactionMarkerChannelManager has the partition leaders do. Here the coordinator and every leader are one
// process, so a marker is a plain append; the producer state learns the marker's epoch (fencing older ones).
import type { Logger } from '../../../../shared/logger';
import { buildControlBatch } from '../protocol/controlBatch';
import { inspectBatch, isBatchProblem } from '../protocol/recordBatch';
import { partitionKey, type AppendSignal } from '../storage/appendSignal';
import { producerStateFor } from '../storage/producerState';
import type { TopicStore } from '../storage/topicStore';

/** A partition of a transaction. */
export interface TxnPartition {
  topic: string;
  partition: number;
}

export interface MarkerWriter {
  /** Appends a marker of `type` (ControlType) for the producer to each partition that still exists. */
  write(producerId: number, producerEpoch: number, type: number, partitions: Iterable<TxnPartition>): void;
}

export function createMarkerWriter(deps: { store: TopicStore; signal: AppendSignal; logger: Logger }): MarkerWriter {
  return {
    write(producerId, producerEpoch, type, partitions) {
      for (const { topic, partition } of partitions) {
        const log = deps.store.get(topic)?.partitions[partition];
        if (!log) continue; // deleted since it was added: nothing to end there
        const batch = buildControlBatch(producerId, producerEpoch, type, Date.now());
        const info = inspectBatch(batch, 0, batch.length, false);
        if (isBatchProblem(info)) throw new Error(`bad control batch: ${info.message}`);
        try {
          log.append(batch, info);
        } catch (error) {
          // Kafka retries markers until they land; a dev broker whose disk fails logs it and moves on.
          deps.logger.error({ err: error, topic, partition, producerId }, 'kafka txn: marker write failed');
          continue;
        }
        producerStateFor(log).recordMarker(producerId, producerEpoch);
        deps.signal.notify(partitionKey(topic, partition));
      }
    },
  };
}

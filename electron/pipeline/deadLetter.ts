import type { IHeaders, Producer } from 'kafkajs';
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { DeadLetterSink } from './types';

/** The headers every dead letter carries, so a person or a tool can tell why and where from without the error log. */
export const DLQ_HEADERS = {
  reason: 'userstream-reason',
  problems: 'userstream-problems',
  kind: 'userstream-kind',
  sourceTopic: 'userstream-source-topic',
  sourcePartition: 'userstream-source-partition',
  sourceOffset: 'userstream-source-offset',
  sourceTimestamp: 'userstream-source-timestamp',
} as const;

export function deadLetterHeaders(record: PipelineErrorRecord): IHeaders {
  return {
    [DLQ_HEADERS.reason]: [...new Set(record.problems.map((p) => p.code))].join(','),
    [DLQ_HEADERS.problems]: JSON.stringify(record.problems),
    [DLQ_HEADERS.kind]: record.kind,
    [DLQ_HEADERS.sourceTopic]: record.origin.topic,
    [DLQ_HEADERS.sourcePartition]: String(record.origin.partition),
    [DLQ_HEADERS.sourceOffset]: record.origin.offset,
    [DLQ_HEADERS.sourceTimestamp]: String(record.origin.timestamp),
  };
}

/**
 * Produces rejected messages (original key and value) to the dead-letter topic. Sends that arrive together go out as
 * one produce request; each caller's promise settles with that request.
 */
export function createDeadLetterSink(producer: Producer, topic: string): DeadLetterSink {
  type Pending = {
    message: { key: Buffer | null; value: Buffer | null; headers: IHeaders };
    resolve(): void;
    reject(e: unknown): void;
  };
  let queue: Pending[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    producer.send({ topic, acks: -1, messages: batch.map((p) => p.message) }).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  };

  return {
    send(record, original) {
      return new Promise<void>((resolve, reject) => {
        queue.push({
          message: { key: original.key, value: original.value, headers: deadLetterHeaders(record) },
          resolve,
          reject,
        });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

import type { Problem } from './problem';

/** Where a rejected message came from. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  /** Kafka offsets are int64: kept as a decimal string. */
  offset: string;
  /** Kafka record timestamp, epoch milliseconds. */
  timestamp: number;
}

/** The raw bytes of a rejected message, kept for display and replay; capped at `ERROR_VALUE_MAX_BYTES`. */
export interface RawValue {
  /** UTF-8 text when the bytes were valid UTF-8, else base64. */
  encoding: 'utf8' | 'base64';
  text: string;
  /** Size of the original value in bytes. */
  bytes: number;
  truncated: boolean;
}

/** The most of a rejected value the error log keeps (64 KiB). */
export const ERROR_VALUE_MAX_BYTES = 64 * 1024;

/** One rejected message: kept in the bounded error log, shown in the Errors view, and sent to the dead-letter topic. */
export interface PipelineErrorRecord {
  /** Unique and stable: `topic/partition/offset`. */
  id: string;
  /** Epoch milliseconds when it was rejected. */
  at: number;
  /** `decode`: the message itself is bad; `write`: Cassandra kept refusing it and the policy dead-lettered it. */
  kind: 'decode' | 'write';
  origin: RecordOrigin;
  /** Record key as UTF-8 text (base64 if not UTF-8), or null. */
  key: string | null;
  value: RawValue | null;
  problems: Problem[];
  /** Whether it was produced to the dead-letter topic. */
  deadLettered: boolean;
}

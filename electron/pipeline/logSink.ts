import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../shared/logger';
import { createRing } from './ring';
import { openRotatingFile, type RotatingFile } from './rotatingFile';

/** One log line as subscribers see it (same shape as the Core's `LogLine`). */
export interface LogEntry {
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** Field paths pino blanks out wherever they appear in a log line: passwords never reach a file or a subscriber. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  '*.*.*.password',
  'sasl',
  '*.sasl',
  'credentials',
  '*.credentials',
  '*.*.credentials',
  'authorization',
  '*.authorization',
];

const LEVEL_NAMES: Record<number, LogEntry['level']> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};

export interface LogSink {
  logger: Logger;
  /** The file lines go to (rotated at 10 MiB, three old files kept), or null. */
  file: string | null;
  subscribe(listener: (entry: LogEntry) => void): () => void;
  recent(): LogEntry[];
  close(): void;
}

/**
 * The app's logger: pino JSON lines to a rotating file under the data dir and to subscribers (the Logs view),
 * with secrets redacted before either sees them. `also` receives every line too (the CLI's stderr).
 */
export function createLogSink(options: {
  file?: string;
  level?: string;
  recentCapacity?: number;
  also?: NodeJS.WritableStream;
}): LogSink {
  const file: RotatingFile | null = options.file ? openRotatingFile(options.file) : null;
  const ring = createRing<LogEntry>(options.recentCapacity ?? 500);
  const listeners = new Set<(entry: LogEntry) => void>();
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = chunk.toString();
      file?.write(text);
      options.also?.write(text);
      try {
        const { level, time, msg, ...fields } = JSON.parse(text) as Record<string, unknown>;
        const entry: LogEntry = {
          at: typeof time === 'number' ? time : Date.now(),
          level: LEVEL_NAMES[Number(level)] ?? 'info',
          message: typeof msg === 'string' ? msg : '',
        };
        if (Object.keys(fields).length > 0) entry.fields = fields;
        ring.push(entry);
        for (const l of listeners) l(entry);
      } catch {
        // Not JSON: nothing to show in the Logs view.
      }
      callback();
    },
  });
  const instance = pino(
    { level: options.level ?? 'info', base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    stream,
  );
  return {
    logger: instance as unknown as Logger,
    file: options.file ?? null,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recent: () => ring.toArray(),
    close() {
      listeners.clear();
      file?.close();
    },
  };
}

// For tests: a Logger that keeps every line (children included) so a test can assert what was logged and how often.
import type { LogFields, Logger } from '../../../shared/logger';

/** One recorded line. */
export interface RecordedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

/** A logger writing into `lines`; `of(level)` filters them. */
export function createRecordingLogger(): Logger & {
  lines: RecordedLine[];
  of(level: RecordedLine['level']): RecordedLine[];
} {
  const lines: RecordedLine[] = [];
  const make = (bindings: LogFields): Logger => {
    const method =
      (level: RecordedLine['level']) =>
      (a: LogFields | string, b?: string): void => {
        if (typeof a === 'string') lines.push({ level, message: a, fields: { ...bindings } });
        else lines.push({ level, message: b ?? '', fields: { ...bindings, ...a } });
      };
    return {
      debug: method('debug'),
      info: method('info'),
      warn: method('warn'),
      error: method('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), {
    lines,
    of: (level: RecordedLine['level']) => lines.filter((l) => l.level === level),
  });
}

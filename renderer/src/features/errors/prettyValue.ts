import type { RawValue } from '../../../../shared/errorRecord';

/** The raw value as a person should read it: pretty JSON when it parses, the text as is otherwise. */
export function prettyValue(value: RawValue | null): string {
  if (!value) return '(no value: a tombstone or empty message)';
  if (value.encoding === 'base64') return `(not UTF-8; ${value.bytes} bytes, base64)\n${value.text}`;
  try {
    return JSON.stringify(JSON.parse(value.text), null, 2);
  } catch {
    return value.text;
  }
}

/** A one-line snippet for the list. */
export function snippet(value: RawValue | null, max = 80): string {
  if (!value) return '(empty)';
  const flat = value.text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Whether edited text is JSON, and if not, where it broke. */
export function checkJson(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'not JSON';
  }
}

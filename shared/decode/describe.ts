// Small helpers that put values into problem messages without letting a hostile value flood a log line.

const QUOTE_MAX = 60;

/** JSON type name of a parsed value as a person says it: `object`, `array`, `boolean`, `null` ... */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `"abc"` as JSON text, cut to a readable length (`"abc…"`). */
export function quote(text: string): string {
  const cut = text.length > QUOTE_MAX ? text.slice(0, QUOTE_MAX) + '…' : text;
  return JSON.stringify(cut);
}

/** 1048576 → `1,048,576`, locale-independent so messages are identical everywhere. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// JSON text exactly as Python's `json.dumps(value)` writes it with default arguments, which is what the seed's producer
// sends: ", " and ": " separators, and `ensure_ascii=True`, so everything outside printable ASCII is a \uXXXX escape.

/** A JSON value as the producers build it. */
export type PythonJsonValue = string | number | boolean | null | PythonJsonValue[] | { [key: string]: PythonJsonValue };

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Python's ESCAPE_ASCII pattern: backslash, quote, and anything that is not printable ASCII (space..tilde).
const NEEDS_ESCAPE = /[\\"]|[^\x20-\x7e]/g;
const HAS_ESCAPE = /[\\"]|[^\x20-\x7e]/;

/** A string as `json.dumps` quotes it: lower-case hex escapes, astral characters as two surrogate escapes. */
export function pythonJsonString(text: string): string {
  if (!HAS_ESCAPE.test(text)) return '"' + text + '"';
  return (
    '"' +
    text.replace(NEEDS_ESCAPE, (ch) => SHORT_ESCAPES[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

/** `json.dumps(value)` for the values a producer sends; integers print as digits, like Python ints. */
export function pythonJsonDumps(value: PythonJsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return pythonJsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  if (Array.isArray(value)) return '[' + value.map(pythonJsonDumps).join(', ') + ']';
  const parts: string[] = [];
  for (const key of Object.keys(value)) parts.push(pythonJsonString(key) + ': ' + pythonJsonDumps(value[key]!));
  return '{' + parts.join(', ') + '}';
}

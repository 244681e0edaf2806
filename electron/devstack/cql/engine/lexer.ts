// The CQL tokenizer: identifiers (unquoted ones are case-insensitive, so lower-cased; "quoted" ones keep their case),
// string literals ('it''s' and $$raw$$), numbers, uuids, blobs (0x...), bind markers (? and :name) and punctuation.

export type TokenKind =
  'ident' | 'quoted' | 'string' | 'number' | 'duration' | 'uuid' | 'blob' | 'marker' | 'named' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Lower-cased for `ident`; the exact text otherwise (unescaped for `string` and `quoted`). */
  text: string;
  /** Offset in the query, for error messages. */
  at: number;
}

export class CqlSyntaxError extends Error {}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
// Cassandra's unquoted duration literals: `1y2mo3w4d5h6m7s8ms9us10ns`, `P1Y2M3DT4H5M6S`, `P2W`, `P0001-02-03T04:05:06`.
const DURATION =
  /^-?(?:(?:\d+(?:y|mo|w|d|h|ms|m|s|us|µs|ns))+|p(?:\d+w|\d{4}-\d{2}-\d{2}t\d{2}:\d{2}:\d{2}|(?=t?\d)(?:\d+y)?(?:\d+m)?(?:\d+d)?(?:t(?:\d+h)?(?:\d+m)?(?:\d+s)?)?))(?![\w$])/i;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const PUNCT = [
  '<=',
  '>=',
  '!=',
  '(',
  ')',
  ',',
  ';',
  '.',
  '*',
  '=',
  '<',
  '>',
  '[',
  ']',
  '{',
  '}',
  ':',
  '+',
  '-',
  '/',
  '%',
];

/** Splits a CQL statement into tokens; throws CqlSyntaxError for characters CQL does not have. */
export function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ((c === '-' && query[i + 1] === '-') || (c === '/' && query[i + 1] === '/')) {
      while (i < n && query[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const rest = query.slice(i, i + 64);
    if (c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new CqlSyntaxError(`line 1:${i} unterminated string literal`);
        if (query[j] === "'") {
          if (query[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += query[j];
        j++;
      }
      out.push({ kind: 'string', text, at: i });
      i = j + 1;
      continue;
    }
    if (c === '$' && query[i + 1] === '$') {
      const end = query.indexOf('$$', i + 2);
      if (end < 0) throw new CqlSyntaxError(`line 1:${i} unterminated $$ string`);
      out.push({ kind: 'string', text: query.slice(i + 2, end), at: i });
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new CqlSyntaxError(`line 1:${i} unterminated quoted identifier`);
        if (query[j] === '"') {
          if (query[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += query[j];
        j++;
      }
      out.push({ kind: 'quoted', text, at: i });
      i = j + 1;
      continue;
    }
    const uuid = UUID.exec(rest);
    if (uuid && !/[0-9a-zA-Z_]/.test(query[i + 36] ?? '')) {
      out.push({ kind: 'uuid', text: uuid[0].toLowerCase(), at: i });
      i += 36;
      continue;
    }
    if (c === '0' && (query[i + 1] === 'x' || query[i + 1] === 'X')) {
      const m = /^0[xX][0-9a-fA-F]*/.exec(rest.length < 64 ? rest : query.slice(i)) as RegExpExecArray;
      out.push({ kind: 'blob', text: m[0].slice(2).toLowerCase(), at: i });
      i += m[0].length;
      continue;
    }
    // A leading minus belongs to the number only where a value can start (not after an identifier or a value).
    const prev = out[out.length - 1];
    const valueContext = !prev || (prev.kind === 'punct' && prev.text !== ')' && prev.text !== ']');
    if (/[0-9]/.test(c) || (valueContext && /[-pP]/.test(c))) {
      const m = DURATION.exec(query.slice(i, i + 200));
      if (m) {
        out.push({ kind: 'duration', text: m[0], at: i });
        i += m[0].length;
        continue;
      }
    }
    if (/[0-9.]/.test(c) || (c === '-' && valueContext && /[0-9.]/.test(query[i + 1] ?? ''))) {
      const m = NUMBER.exec(query.slice(i, i + 400));
      if (m) {
        out.push({ kind: 'number', text: m[0], at: i });
        i += m[0].length;
        continue;
      }
    }
    const ident = IDENT.exec(rest.length < 64 ? rest : query.slice(i, i + 1000));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0].toLowerCase(), at: i });
      i += ident[0].length;
      continue;
    }
    if (c === '?') {
      out.push({ kind: 'marker', text: '?', at: i });
      i++;
      continue;
    }
    if (c === ':' && IDENT.test(query.slice(i + 1, i + 2))) {
      const m = IDENT.exec(query.slice(i + 1, i + 1000)) as RegExpExecArray;
      out.push({ kind: 'named', text: m[0].toLowerCase(), at: i });
      i += 1 + m[0].length;
      continue;
    }
    if (c === ':' && query[i + 1] === '"') {
      const end = query.indexOf('"', i + 2);
      if (end < 0) throw new CqlSyntaxError(`line 1:${i} unterminated quoted marker name`);
      out.push({ kind: 'named', text: query.slice(i + 2, end), at: i });
      i = end + 1;
      continue;
    }
    const p = PUNCT.find((s) => query.startsWith(s, i));
    if (p) {
      out.push({ kind: 'punct', text: p, at: i });
      i += p.length;
      continue;
    }
    throw new CqlSyntaxError(`line 1:${i} no viable alternative at character '${c}'`);
  }
  out.push({ kind: 'eof', text: '', at: n });
  return out;
}

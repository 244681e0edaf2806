// CQL literals → the bytes of a column type (spec section 6), with Cassandra-like messages for values that do not fit.
import { isIP } from 'node:net';
import type { Literal } from './ast';
import { formatCqlType } from './cqlType';
import { encodeDuration, parseDuration } from './durationCodec';
import { writeFields } from './udtValues';
import { writeVector } from './vectorValues';
import { checkValue, writeItems } from './valueCheck';
import type { CqlType } from './types';

export class LiteralError extends Error {}

function fail(message: string): never {
  throw new LiteralError(message);
}

function describe(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return `'${l.value}'`;
    case 'number':
    case 'uuid':
    case 'duration':
      return l.text;
    case 'blob':
      return `0x${l.hex}`;
    case 'boolean':
      return String(l.value);
    default:
      return l.kind;
  }
}

function invalid(type: CqlType, l: Literal): never {
  return fail(
    `Invalid ${l.kind === 'string' ? 'STRING' : l.kind.toUpperCase()} constant (${describe(l)}) for "value" of type ${formatCqlType(type)}`,
  );
}

function integer(l: Literal, type: CqlType): bigint {
  if (l.kind !== 'number' || !/^-?\d+$/.test(l.text)) return invalid(type, l);
  return BigInt(l.text);
}

function fixedInt(v: bigint, bytes: number, name: string): Buffer {
  const bits = BigInt(bytes * 8);
  if (v < -(1n << (bits - 1n)) || v >= 1n << (bits - 1n)) fail(`Unable to make ${name} from '${v}'`);
  const b = Buffer.alloc(bytes);
  if (bytes === 8) b.writeBigInt64BE(v);
  else b.writeIntBE(Number(v), 0, bytes);
  return b;
}

/** Two's-complement big-endian in the fewest bytes (varint, decimal's unscaled value). */
export function encodeVarint(v: bigint): Buffer {
  const bytes: number[] = [];
  let x = v;
  for (;;) {
    bytes.unshift(Number(x & 0xffn));
    x >>= 8n;
    const top = (bytes[0] as number) & 0x80;
    if ((x === 0n && !top) || (x === -1n && top)) break;
  }
  return Buffer.from(bytes);
}

function parseTimestamp(text: string): bigint {
  if (/^-?\d+$/.test(text)) return BigInt(text);
  // Cassandra accepts `yyyy-mm-dd[ T]hh:mm[:ss[.fff]][zone]`; a missing zone means UTC here (the node's zone).
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text.trim(),
  );
  if (!m) fail(`Unable to coerce '${text}' to a formatted date (long)`);
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = m[2] ?? '00:00:00';
  const ms = Date.parse(`${m[1]}T${time.length === 5 ? `${time}:00` : time}${zone.toUpperCase()}`);
  if (Number.isNaN(ms)) fail(`Unable to coerce '${text}' to a formatted date (long)`);
  return BigInt(ms);
}

function parseDate(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!/^-?\d{4,}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms)) fail(`Unable to coerce '${text}' to a formatted date`);
  return ms / 86_400_000 + 2 ** 31;
}

function parseTime(text: string): bigint {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) fail(`Unable to coerce '${text}' to a formatted time (long)`);
  const frac = BigInt((m[4] ?? '').padEnd(9, '0'));
  return (
    ((BigInt(m[1] as string) * 60n + BigInt(m[2] as string)) * 60n + BigInt(m[3] as string)) * 1_000_000_000n + frac
  );
}

function inet(text: string): Buffer {
  const kind = isIP(text);
  if (kind === 4) return Buffer.from(text.split('.').map(Number));
  if (kind !== 6) fail(`Unable to make inet address from '${text}'`);
  const [head = '', tail = ''] = text.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  let h = parts(head);
  let t = parts(tail);
  const last = (text.includes('::') ? t : h).at(-1) ?? '';
  const v4 = last.includes('.') ? Buffer.from(last.split('.').map(Number)) : null;
  if (v4) {
    const v4Groups = [v4.readUInt16BE(0).toString(16), v4.readUInt16BE(2).toString(16)];
    if (text.includes('::')) t = [...t.slice(0, -1), ...v4Groups];
    else h = [...h.slice(0, -1), ...v4Groups];
  }
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const b = Buffer.alloc(16);
  groups.forEach((g: string, i: number) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return b;
}

/** Serializes a literal for a column of `type`; null literal → null. Throws LiteralError. */
export function literalToBytes(type: CqlType, l: Literal): Buffer | null {
  if (l.kind === 'null') return null;
  if (type.kind === 'list' || type.kind === 'set') {
    const items =
      l.kind === 'list' || l.kind === 'set'
        ? l.items
        : l.kind === 'map' && l.entries.length === 0
          ? []
          : invalid(type, l);
    const bytes = items.map((i) => literalToBytes(type.element, i) ?? fail('null is not supported inside collections'));
    return checkValue(type, writeItems(bytes, bytes.length)) as Buffer;
  }
  if (type.kind === 'map') {
    const entries = l.kind === 'map' ? l.entries : l.kind === 'set' && l.items.length === 0 ? [] : invalid(type, l);
    const bytes = entries.flatMap(([k, v]) => [
      literalToBytes(type.key, k) ?? fail('null is not supported inside collections'),
      literalToBytes(type.value, v) ?? fail('null is not supported inside collections'),
    ]);
    return checkValue(type, writeItems(bytes, entries.length)) as Buffer;
  }
  if (type.kind === 'udt') {
    if (l.kind === 'map' && l.entries.length === 0) return writeFields(type.fields.map(() => null));
    if (l.kind !== 'udt') return invalid(type, l);
    for (const [name] of l.fields)
      if (!type.fields.some((f) => f.name === name))
        fail(`Unknown field '${name}' in value of user defined type ${type.name}`);
    return writeFields(
      type.fields.map((f) => {
        const given = l.fields.find(([name]) => name === f.name);
        return given ? literalToBytes(f.type, given[1]) : null;
      }),
    );
  }
  if (type.kind === 'tuple') {
    if (l.kind !== 'tuple' || l.items.length > type.elements.length) return invalid(type, l);
    const parts = l.items.map((item, i) => {
      const b = literalToBytes(type.elements[i] as CqlType, item);
      const len = Buffer.alloc(4);
      len.writeInt32BE(b === null ? -1 : b.length);
      return b === null ? len : Buffer.concat([len, b]);
    });
    return Buffer.concat(parts);
  }
  if (type.kind === 'custom') return literalToBytes({ kind: 'native', name: 'blob' }, l);
  if (type.kind === 'vector') {
    if (l.kind !== 'list') return invalid(type, l);
    if (l.items.length !== type.dimension)
      fail(
        `Invalid vector literal for value of type ${formatCqlType(type)}; expected ${type.dimension} elements, but given ${l.items.length}`,
      );
    const items = l.items.map((i) => literalToBytes(type.element, i) ?? fail('null is not supported inside vectors'));
    return writeVector(type, items);
  }
  const name = type.name;
  if (l.kind === 'blob' && name !== 'blob') return invalid(type, l);
  switch (name) {
    case 'text':
    case 'ascii': {
      if (l.kind !== 'string') return invalid(type, l);
      const b = Buffer.from(l.value, 'utf8');
      const checked = checkValue(type, b);
      if (typeof checked === 'string') fail(checked);
      return b;
    }
    case 'blob':
      if (l.kind !== 'blob') return invalid(type, l);
      return Buffer.from(l.hex.length % 2 ? `0${l.hex}` : l.hex, 'hex');
    case 'boolean':
      if (l.kind === 'boolean') return Buffer.from([l.value ? 1 : 0]);
      return invalid(type, l);
    case 'int':
      return fixedInt(integer(l, type), 4, 'int');
    case 'bigint':
    case 'counter':
      return fixedInt(integer(l, type), 8, 'bigint');
    case 'smallint':
      return fixedInt(integer(l, type), 2, 'smallint');
    case 'tinyint':
      return fixedInt(integer(l, type), 1, 'tinyint');
    case 'varint':
      return encodeVarint(integer(l, type));
    case 'float':
    case 'double': {
      if (l.kind !== 'number') return invalid(type, l);
      const b = Buffer.alloc(name === 'float' ? 4 : 8);
      if (name === 'float') b.writeFloatBE(Number(l.text));
      else b.writeDoubleBE(Number(l.text));
      return b;
    }
    case 'decimal': {
      if (l.kind !== 'number' || !/^-?\d*\.?\d*(e[+-]?\d+)?$/i.test(l.text)) return invalid(type, l);
      const [mant = '0', exp = '0'] = l.text.toLowerCase().split('e');
      const [int = '', frac = ''] = mant.split('.');
      const scale = frac.length - Number(exp);
      const b = Buffer.alloc(4);
      b.writeInt32BE(scale);
      return Buffer.concat([b, encodeVarint(BigInt(`${int}${frac}` || '0'))]);
    }
    case 'timestamp': {
      if (l.kind !== 'string' && l.kind !== 'number') return invalid(type, l);
      return fixedInt(l.kind === 'number' ? integer(l, type) : parseTimestamp(l.value), 8, 'timestamp');
    }
    case 'date': {
      if (l.kind !== 'string' && l.kind !== 'number') return invalid(type, l);
      const b = Buffer.alloc(4);
      b.writeUInt32BE(l.kind === 'number' ? Number(integer(l, type)) : parseDate(l.value));
      return b;
    }
    case 'time': {
      if (l.kind !== 'string' && l.kind !== 'number') return invalid(type, l);
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(l.kind === 'number' ? integer(l, type) : parseTime(l.value));
      return b;
    }
    case 'uuid':
    case 'timeuuid': {
      if (l.kind !== 'uuid') return invalid(type, l);
      const b = Buffer.from(l.text.replace(/-/g, ''), 'hex');
      const checked = checkValue(type, b);
      if (typeof checked === 'string') fail(checked);
      return b;
    }
    case 'inet':
      if (l.kind !== 'string') return invalid(type, l);
      return inet(l.value);
    case 'duration': {
      if (l.kind !== 'duration' && l.kind !== 'string') return invalid(type, l);
      const d = parseDuration(l.kind === 'string' ? l.value : l.text);
      return typeof d === 'string' ? fail(d) : encodeDuration(d);
    }
    default:
      return fail(`${name} values are not supported`);
  }
}

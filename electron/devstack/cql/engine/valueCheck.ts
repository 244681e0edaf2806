// Checks bound values against their column type (spec section 6) the way Cassandra's validators do, and brings sets
// and maps into their stored form (sorted, without duplicates), which is how Cassandra returns them.
import { isUtf8 } from 'node:buffer';
import { decodeDuration } from './durationCodec';
import { readVector } from './vectorValues';
import { compareValues } from './valueCompare';
import { fieldTypes, readFields } from './udtValues';
import type { CqlType } from './types';

const FIXED: Partial<Record<string, number>> = {
  bigint: 8,
  counter: 8,
  timestamp: 8,
  time: 8,
  double: 8,
  int: 4,
  float: 4,
  date: 4,
  smallint: 2,
  tinyint: 1,
  boolean: 1,
  uuid: 16,
  timeuuid: 16,
};

/** Reads `[int n][int len][bytes]...` collection items; null when the framing is wrong. */
export function readItems(buf: Buffer, perItem: number): Buffer[] | null {
  if (buf.length < 4) return null;
  const n = buf.readInt32BE(0);
  if (n < 0) return null;
  const items: Buffer[] = [];
  let at = 4;
  for (let i = 0; i < n * perItem; i++) {
    if (at + 4 > buf.length) return null;
    const len = buf.readInt32BE(at);
    at += 4;
    if (len < 0 || at + len > buf.length) return null;
    items.push(buf.subarray(at, at + len));
    at += len;
  }
  return at === buf.length ? items : null;
}

export function writeItems(items: Buffer[], count: number): Buffer {
  const out = Buffer.allocUnsafe(4 + items.reduce((s, b) => s + 4 + b.length, 0));
  out.writeInt32BE(count, 0);
  let at = 4;
  for (const b of items) {
    out.writeInt32BE(b.length, at);
    at += 4;
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Sorts set elements / map entries by key and drops duplicates (the last one of equal keys wins). */
export function sortCollection(type: CqlType, items: Buffer[]): Buffer[] {
  if (type.kind === 'set') {
    const sorted = [...items].sort((a, b) => compareValues(type.element, a, b));
    return sorted.filter((b, i) => i === 0 || compareValues(type.element, sorted[i - 1] as Buffer, b) !== 0);
  }
  if (type.kind === 'map') {
    const pairs: [Buffer, Buffer][] = [];
    for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i] as Buffer, items[i + 1] as Buffer]);
    const byKey = new Map<string, [Buffer, Buffer]>();
    for (const p of pairs) byKey.set(p[0].toString('hex'), p);
    const sorted = [...byKey.values()].sort((a, b) => compareValues(type.key, a[0], b[0]));
    return sorted.flat();
  }
  return items;
}

/** Returns the value as stored (collections normalised), or a message like Cassandra's. */
export function checkValue(type: CqlType, buf: Buffer): Buffer | string {
  if (type.kind === 'native') {
    const name = type.name;
    const size = FIXED[name];
    if (size !== undefined && buf.length !== size) {
      if (buf.length === 0 && name !== 'boolean') return buf;
      return `Expected ${size} or 0 byte ${name === 'bigint' ? 'long' : name} (${buf.length})`;
    }
    if (name === 'text') {
      if (!isUtf8(buf)) return 'Invalid UTF-8 bytes';
    } else if (name === 'ascii') {
      for (const b of buf) if (b > 127) return `Invalid byte for ascii: ${b}`;
    } else if (name === 'inet') {
      if (buf.length !== 4 && buf.length !== 16 && buf.length !== 0) return `Invalid inet address length ${buf.length}`;
    } else if (name === 'decimal') {
      if (buf.length > 0 && buf.length < 5) return 'Invalid decimal: expected at least 5 bytes';
    } else if (name === 'timeuuid' && buf.length === 16 && (buf[6] as number) >> 4 !== 1) {
      return 'Unsupported UUID version for timeuuid column';
    } else if (name === 'time' && buf.length === 8) {
      const ns = buf.readBigInt64BE(0);
      if (ns < 0n || ns >= 86_400_000_000_000n) return 'Invalid time: out of range';
    } else if (name === 'duration') {
      const d = decodeDuration(buf);
      if (typeof d === 'string') return d;
    }
    return buf;
  }
  if (type.kind === 'custom') return buf;
  if (type.kind === 'vector') {
    const items = readVector(type, buf);
    if (typeof items === 'string') return items;
    for (const item of items) {
      const r = checkValue(type.element, item);
      if (typeof r === 'string') return r;
    }
    return buf;
  }
  if (type.kind === 'tuple' || type.kind === 'udt') {
    const types = fieldTypes(type);
    const fields = readFields(buf, types.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f === null || f === undefined) continue;
      const r = checkValue(types[i] as CqlType, f);
      if (typeof r === 'string') return r;
    }
    return buf;
  }
  const perItem = type.kind === 'map' ? 2 : 1;
  const items = readItems(buf, perItem);
  if (items === null) return `Invalid ${type.kind} value: bad framing`;
  const checked: Buffer[] = [];
  for (let i = 0; i < items.length; i++) {
    const itemType = type.kind === 'map' ? (i % 2 === 0 ? type.key : type.value) : type.element;
    const r = checkValue(itemType, items[i] as Buffer);
    if (typeof r === 'string') return r;
    checked.push(r);
  }
  const normal = sortCollection(type, checked);
  return writeItems(normal, normal.length / perItem);
}

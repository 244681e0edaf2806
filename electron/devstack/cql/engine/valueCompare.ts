// Ordering of serialized values per type, as Cassandra sorts clustering columns and evaluates range filters.
import { readItems } from './valueCheck';
import { readVector } from './vectorValues';
import type { CqlType } from './types';
import { fieldTypes, readFields } from './udtValues';

function sign(n: number | bigint): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function varint(b: Buffer): bigint {
  if (b.length === 0) return 0n;
  let v = BigInt.asIntN(8, BigInt(b[0] as number));
  for (let i = 1; i < b.length; i++) v = (v << 8n) | BigInt(b[i] as number);
  return v;
}

export const readVarint = varint;

function compareDecimal(a: Buffer, b: Buffer): number {
  const sa = a.readInt32BE(0);
  const sb = b.readInt32BE(0);
  let ua = varint(a.subarray(4));
  let ub = varint(b.subarray(4));
  // Bring both to the larger scale before comparing the unscaled values.
  if (sa < sb) ua *= 10n ** BigInt(sb - sa);
  else if (sb < sa) ub *= 10n ** BigInt(sa - sb);
  return sign(ua - ub);
}

/** Time-based UUIDs compare by their timestamp first, as Cassandra's TimeUUIDType does. */
function uuidTime(b: Buffer): bigint {
  const hi = BigInt(b.readUInt16BE(6) & 0x0fff);
  const mid = BigInt(b.readUInt16BE(4));
  const low = BigInt(b.readUInt32BE(0));
  return (hi << 48n) | (mid << 32n) | low;
}

function compareUuid(a: Buffer, b: Buffer, timeFirst: boolean): number {
  const va = (a[6] as number) >> 4;
  const vb = (b[6] as number) >> 4;
  if (!timeFirst && va !== vb) return va - vb;
  if (va === 1 && vb === 1) {
    const t = sign(uuidTime(a) - uuidTime(b));
    if (t !== 0) return t;
  }
  return Buffer.compare(a, b);
}

/** Negative, zero or positive like a comparator; empty values sort first. */
export function compareValues(type: CqlType, a: Buffer, b: Buffer): number {
  if (a.length === 0 || b.length === 0) return a.length - b.length;
  if (type.kind === 'native') {
    switch (type.name) {
      case 'int':
      case 'date':
        return type.name === 'int'
          ? sign(a.readInt32BE(0) - b.readInt32BE(0))
          : sign(a.readUInt32BE(0) - b.readUInt32BE(0));
      case 'bigint':
      case 'counter':
      case 'timestamp':
      case 'time':
        return sign(a.readBigInt64BE(0) - b.readBigInt64BE(0));
      case 'smallint':
        return sign(a.readInt16BE(0) - b.readInt16BE(0));
      case 'tinyint':
        return sign(a.readInt8(0) - b.readInt8(0));
      case 'float':
        return sign(a.readFloatBE(0) - b.readFloatBE(0));
      case 'double':
        return sign(a.readDoubleBE(0) - b.readDoubleBE(0));
      case 'varint':
        return sign(varint(a) - varint(b));
      case 'decimal':
        return compareDecimal(a, b);
      case 'uuid':
        return compareUuid(a, b, false);
      case 'timeuuid':
        return compareUuid(a, b, true);
      default:
        return Buffer.compare(a, b);
    }
  }
  if (type.kind === 'custom') return Buffer.compare(a, b);
  if (type.kind === 'vector') {
    const ia = readVector(type, a);
    const ib = readVector(type, b);
    if (typeof ia === 'string' || typeof ib === 'string') return Buffer.compare(a, b);
    for (let i = 0; i < ia.length; i++) {
      const c = compareValues(type.element, ia[i] as Buffer, ib[i] as Buffer);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (type.kind === 'tuple' || type.kind === 'udt') {
    // Field by field; a null field sorts first.
    const types = fieldTypes(type);
    const fa = readFields(a, types.length);
    const fb = readFields(b, types.length);
    for (let i = 0; i < types.length; i++) {
      const x = fa[i] ?? null;
      const y = fb[i] ?? null;
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const c = compareValues(types[i] as CqlType, x, y);
      if (c !== 0) return c;
    }
    return 0;
  }
  const perItem = type.kind === 'map' ? 2 : 1;
  const ia = readItems(a, perItem) ?? [];
  const ib = readItems(b, perItem) ?? [];
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const t = type.kind === 'map' ? (i % 2 === 0 ? type.key : type.value) : type.element;
    const c = compareValues(t, ia[i] as Buffer, ib[i] as Buffer);
    if (c !== 0) return c;
  }
  return ia.length - ib.length;
}

// Serialized values → text, as Cassandra writes them: `toJson()` / `SELECT JSON` (AbstractType.toJSONString) and
// `CAST(x AS text)` (the type serializers' toString). Numbers follow Java's Float/Double/BigDecimal.toString.
import { decodeDuration, durationText } from './durationCodec';
import { readFields } from './udtValues';
import { readVector } from './vectorValues';
import { readVarint } from './valueCompare';
import { readItems } from './valueCheck';
import type { CqlType } from './types';

const DAY_MS = 86_400_000;

/** Java's Double.toString (Float.toString with `float`): `1.0`, `1.5E10`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaFloatText(x: number, float = false): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  let digits = String(x);
  if (float)
    for (let p = 1; p <= 9; p++) {
      const shorter = Number(x.toPrecision(p));
      if (Math.fround(shorter) === x) {
        digits = String(shorter);
        break;
      }
    }
  const v = Number(digits);
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) return Number.isInteger(v) ? `${v}.0` : String(v);
  const [mant = '', exp = '0'] = v.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** Java's BigDecimal.toString: plain unless the exponent is small or the scale negative. */
export function decimalText(b: Buffer): string {
  const scale = b.readInt32BE(0);
  const unscaled = readVarint(b.subarray(4));
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  const adjusted = -scale + (digits.length - 1);
  let out: string;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) out = digits;
    else if (digits.length > scale) out = `${digits.slice(0, digits.length - scale)}.${digits.slice(-scale)}`;
    else out = `0.${'0'.repeat(scale - digits.length)}${digits}`;
  } else {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${mant}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }
  return neg ? `-${out}` : out;
}

export function uuidText(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

function isoDate(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return `${y < 0 ? '-' : ''}${pad(Math.abs(y), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** `date` bytes (days with 2^31 as the epoch) → `yyyy-mm-dd`. */
export function dateText(b: Buffer): string {
  return isoDate((b.readUInt32BE(0) - 2 ** 31) * DAY_MS);
}

/** `time` bytes (nanoseconds since midnight) → `hh:mm:ss.nnnnnnnnn`. */
export function timeText(b: Buffer): string {
  const ns = b.readBigInt64BE(0);
  const s = ns / 1_000_000_000n;
  return `${pad(s / 3600n, 2)}:${pad((s / 60n) % 60n, 2)}:${pad(s % 60n, 2)}.${pad(ns % 1_000_000_000n, 9)}`;
}

function inetText(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}

/** A native value as `CAST(x AS text)` writes it; null for a type without a text form here. */
export function nativeText(name: string, b: Buffer): string {
  switch (name) {
    case 'text':
    case 'ascii':
      return b.toString('utf8');
    case 'int':
      return String(b.readInt32BE(0));
    case 'bigint':
    case 'counter':
      return String(b.readBigInt64BE(0));
    case 'smallint':
      return String(b.readInt16BE(0));
    case 'tinyint':
      return String(b.readInt8(0));
    case 'varint':
      return readVarint(b).toString();
    case 'float':
      return javaFloatText(b.readFloatBE(0), true);
    case 'double':
      return javaFloatText(b.readDoubleBE(0));
    case 'decimal':
      return decimalText(b);
    case 'boolean':
      return b[0] ? 'true' : 'false';
    case 'uuid':
    case 'timeuuid':
      return uuidText(b);
    case 'timestamp': {
      const ms = Number(b.readBigInt64BE(0));
      return `${isoDate(ms)}T${clock(ms)}Z`;
    }
    case 'date':
      return dateText(b);
    case 'time':
      return timeText(b);
    case 'inet':
      return inetText(b);
    case 'duration': {
      const d = decodeDuration(b);
      return typeof d === 'string' ? b.toString('hex') : durationText(d);
    }
    case 'blob':
      return b.toString('hex');
    default:
      return b.toString('hex');
  }
}

const JSON_NUMBERS = new Set([
  'int',
  'bigint',
  'counter',
  'smallint',
  'tinyint',
  'varint',
  'decimal',
  'float',
  'double',
]);

/** A value as Cassandra's toJson() writes it (null → `null`). */
export function jsonText(type: CqlType, b: Buffer | null): string {
  if (b === null) return 'null';
  switch (type.kind) {
    case 'native': {
      const name = type.name;
      if (name === 'text' || name === 'ascii') return JSON.stringify(b.toString('utf8'));
      if (name === 'boolean') return b[0] ? 'true' : 'false';
      if (b.length === 0) return name === 'blob' ? '"0x"' : 'null';
      if (JSON_NUMBERS.has(name)) {
        const t = nativeText(name, b);
        return /^-?\d/.test(t) ? t : JSON.stringify(t);
      }
      if (name === 'blob') return `"0x${b.toString('hex')}"`;
      if (name === 'timestamp') {
        const ms = Number(b.readBigInt64BE(0));
        return `"${isoDate(ms)} ${clock(ms)}Z"`;
      }
      return JSON.stringify(nativeText(name, b));
    }
    case 'list':
    case 'set':
      return `[${(readItems(b, 1) ?? []).map((i) => jsonText(type.element, i)).join(', ')}]`;
    case 'map': {
      const items = readItems(b, 2) ?? [];
      const parts: string[] = [];
      for (let i = 0; i < items.length; i += 2) {
        const key = jsonText(type.key, items[i] as Buffer);
        parts.push(
          `${key.startsWith('"') ? key : JSON.stringify(key)}: ${jsonText(type.value, items[i + 1] as Buffer)}`,
        );
      }
      return `{${parts.join(', ')}}`;
    }
    case 'custom':
      return JSON.stringify(`0x${b.toString('hex')}`);
    case 'vector': {
      const items = readVector(type, b);
      return typeof items === 'string' ? 'null' : `[${items.map((i) => jsonText(type.element, i)).join(', ')}]`;
    }
    case 'udt': {
      const fields = readFields(b, type.fields.length);
      // Field names that are not lower case are quoted, as Cassandra's UserType.toJSONString writes them.
      const name = (n: string) => JSON.stringify(n === n.toLowerCase() ? n : `"${n}"`);
      return `{${type.fields.map((f, i) => `${name(f.name)}: ${jsonText(f.type, fields[i] ?? null)}`).join(', ')}}`;
    }
    case 'tuple': {
      const parts: string[] = [];
      let at = 0;
      for (const t of type.elements) {
        if (at >= b.length) break;
        const len = b.readInt32BE(at);
        at += 4;
        parts.push(jsonText(t, len < 0 ? null : b.subarray(at, at + len)));
        if (len > 0) at += len;
      }
      return `[${parts.join(', ')}]`;
    }
  }
}

// Values of user-defined types (and tuples): each field as `[i32 length][bytes]` (-1 for null), in the type's field
// order. A value written before ALTER TYPE ADD has fewer fields: the missing ones read as null.
import type { CqlType, UdtField } from './types';

/** The fields of a UDT or tuple value, `count` of them (missing and null ones as null). */
export function readFields(b: Buffer, count: number): (Buffer | null)[] {
  const out: (Buffer | null)[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 4 > b.length) {
      out.push(null);
      continue;
    }
    const len = b.readInt32BE(at);
    at += 4;
    out.push(len < 0 ? null : b.subarray(at, at + len));
    if (len > 0) at += len;
  }
  return out;
}

/** A UDT or tuple value from its fields. */
export function writeFields(values: (Buffer | null)[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) {
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(v === null ? -1 : v.length);
    parts.push(len);
    if (v !== null) parts.push(v);
  }
  return Buffer.concat(parts);
}

/** The field types of a UDT or tuple type. */
export function fieldTypes(type: Extract<CqlType, { kind: 'udt' | 'tuple' }>): CqlType[] {
  return type.kind === 'tuple' ? type.elements : type.fields.map((f: UdtField) => f.type);
}

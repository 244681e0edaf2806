// The one generic encoder/decoder: walks a compiled StructPlan (see schema.ts) to read or write any message at any
// version, classic or flexible (compact lengths + tagged fields). Value mapping is documented on KafkaMessage in
// ../apis/types.ts.
import type { KafkaMessage } from '../apis/types';
import { KafkaDecodeError, type Reader } from './reader';
import type { FieldPlan, StructPlan, ValuePlan } from './schema';
import { Writer } from './writer';

/** Guards against hostile counts: an array cannot have more elements than bytes left in the frame. */
function checkCount(reader: Reader, count: number): void {
  if (count > reader.remaining())
    throw new KafkaDecodeError(`array count ${count} exceeds the ${reader.remaining()} bytes left`);
}

function readLength(reader: Reader, plan: ValuePlan, classicWidth: 16 | 32): number {
  // Returns -1 for null. Compact lengths are stored plus one so that 0 can mean null.
  if (plan.compact) return reader.uvarint() - 1;
  return classicWidth === 16 ? reader.int16() : reader.int32();
}

export function decodeValue(reader: Reader, plan: ValuePlan): unknown {
  switch (plan.kind) {
    case 'int8':
      return reader.int8();
    case 'int16':
      return reader.int16();
    case 'uint16':
      return reader.uint16();
    case 'int32':
      return reader.int32();
    case 'uint32':
      return reader.uint32();
    case 'int64':
      return reader.int64();
    case 'float64':
      return reader.float64();
    case 'bool':
      return reader.bool();
    case 'uuid':
      return reader.slice(16);
    case 'string': {
      const n = readLength(reader, plan, 16);
      if (n < 0) {
        if (!plan.nullable) throw new KafkaDecodeError('null in a non-nullable string');
        return null;
      }
      return reader.utf8(n);
    }
    case 'bytes':
    case 'records': {
      const n = readLength(reader, plan, 32);
      if (n < 0) return null;
      return reader.slice(n);
    }
    case 'struct':
      return decodeStruct(reader, plan.struct);
    case 'array': {
      const n = readLength(reader, plan, 32);
      if (n < 0) return null;
      checkCount(reader, n);
      const out: unknown[] = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = decodeValue(reader, plan.element);
      return out;
    }
  }
}

function decodeTaggedFields(reader: Reader, plan: StructPlan, out: KafkaMessage): void {
  const count = reader.uvarint();
  checkCount(reader, count);
  for (let i = 0; i < count; i++) {
    const tag = reader.uvarint();
    const size = reader.uvarint();
    const field = plan.tagged.find((f) => f.tag === tag);
    if (!field) {
      reader.slice(size); // unknown tags are skipped, as the protocol requires
      continue;
    }
    const end = reader.pos + size;
    if (end > reader.end) throw new KafkaDecodeError(`tagged field ${tag} overruns the frame`);
    const savedEnd = reader.end;
    reader.end = end;
    out[field.key] = decodeValue(reader, field.value);
    reader.end = savedEnd;
    reader.pos = end;
  }
}

export function decodeStruct(reader: Reader, plan: StructPlan): KafkaMessage {
  const out: KafkaMessage = {};
  for (const field of plan.fields) out[field.key] = decodeValue(reader, field.value);
  if (plan.flexible) {
    for (const field of plan.tagged) out[field.key] = field.defaultValue;
    decodeTaggedFields(reader, plan, out);
  }
  return out;
}

function writeLength(writer: Writer, plan: ValuePlan, n: number, classicWidth: 16 | 32): void {
  if (plan.compact) writer.uvarint(n + 1);
  else if (classicWidth === 16) writer.int16(n);
  else writer.int32(n);
}

function fail(key: string, expected: string, value: unknown): never {
  throw new TypeError(`field ${key}: expected ${expected}, got ${typeof value}`);
}

export function encodeValue(writer: Writer, plan: ValuePlan, value: unknown, key: string): void {
  switch (plan.kind) {
    case 'int8':
      return writer.int8(Number(value));
    case 'int16':
      return writer.int16(Number(value));
    case 'uint16':
      return writer.uint16(Number(value));
    case 'int32':
      return writer.int32(Number(value));
    case 'uint32':
      return writer.uint32(Number(value));
    case 'int64':
      if (typeof value !== 'bigint' && typeof value !== 'number') fail(key, 'bigint', value);
      return writer.int64(value);
    case 'float64':
      return writer.float64(Number(value));
    case 'bool':
      return writer.int8(value ? 1 : 0);
    case 'uuid':
      if (!Buffer.isBuffer(value) || value.length !== 16) fail(key, '16-byte Buffer', value);
      return writer.bytes(value);
    case 'string': {
      if (value === null) {
        if (!plan.nullable) fail(key, 'string', value);
        return writeLength(writer, plan, -1, 16);
      }
      if (typeof value !== 'string') fail(key, 'string', value);
      const n = Buffer.byteLength(value, 'utf8');
      writeLength(writer, plan, n, 16);
      return writer.utf8(value, n);
    }
    case 'bytes':
    case 'records': {
      if (value === null) return writeLength(writer, plan, -1, 32);
      if (Buffer.isBuffer(value)) {
        writeLength(writer, plan, value.length, 32);
        return writer.bytes(value);
      }
      if (!Array.isArray(value)) fail(key, 'Buffer or Buffer[]', value);
      let total = 0;
      for (const part of value as Buffer[]) total += part.length;
      writeLength(writer, plan, total, 32);
      for (const part of value as Buffer[]) writer.bytes(part);
      return;
    }
    case 'struct':
      if (typeof value !== 'object' || value === null) fail(key, 'object', value);
      return encodeStruct(writer, plan.struct, value as KafkaMessage);
    case 'array': {
      if (value === null) {
        if (!plan.nullable) fail(key, 'array', value);
        return writeLength(writer, plan, -1, 32);
      }
      if (!Array.isArray(value)) fail(key, 'array', value);
      writeLength(writer, plan, value.length, 32);
      for (const element of value) encodeValue(writer, plan.element, element, key);
      return;
    }
  }
}

function fieldValue(field: FieldPlan, source: KafkaMessage): unknown {
  const value = source[field.key];
  if (value !== undefined) return value;
  if (field.value.kind === 'struct') return {};
  return field.defaultValue;
}

function isDefault(field: FieldPlan, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0 && Array.isArray(field.defaultValue);
  return value === field.defaultValue;
}

export function encodeStruct(writer: Writer, plan: StructPlan, source: KafkaMessage): void {
  for (const field of plan.fields) encodeValue(writer, field.value, fieldValue(field, source), field.key);
  if (!plan.flexible) return;
  const present = plan.tagged.filter((f) => !isDefault(f, source[f.key]));
  writer.uvarint(present.length);
  for (const field of present.sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0))) {
    // A tagged field is prefixed by its size, so it is encoded on its own first.
    const inner = new Writer(64);
    encodeValue(inner, field.value, source[field.key], field.key);
    const chunks = inner.finish();
    writer.uvarint(field.tag ?? 0);
    writer.uvarint(chunks.reduce((n, c) => n + c.length, 0));
    for (const chunk of chunks) writer.bytes(chunk);
  }
}

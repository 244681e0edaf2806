// CQL type names as Cassandra writes them in system_schema.columns.type, and the small helpers the engine needs.
import type { CqlType, NativeTypeName } from './types';

const NATIVE: ReadonlySet<string> = new Set<NativeTypeName>([
  'ascii',
  'bigint',
  'blob',
  'boolean',
  'counter',
  'date',
  'decimal',
  'double',
  'duration',
  'float',
  'inet',
  'int',
  'smallint',
  'text',
  'time',
  'timestamp',
  'timeuuid',
  'tinyint',
  'uuid',
  'varint',
]);

/** The native type for a CQL type word (varchar is an alias of text), or null. */
export function nativeTypeNamed(word: string): NativeTypeName | null {
  const w = word.toLowerCase();
  if (w === 'varchar') return 'text';
  return NATIVE.has(w) ? (w as NativeTypeName) : null;
}

export const native = (name: NativeTypeName): CqlType => ({ kind: 'native', name });

/** The type text Cassandra reports, e.g. `frozen<list<text>>`, `map<text, int>`. */
export function formatCqlType(type: CqlType): string {
  switch (type.kind) {
    case 'native':
      return type.name;
    case 'list':
    case 'set': {
      const inner = `${type.kind}<${formatCqlType(type.element)}>`;
      return type.frozen ? `frozen<${inner}>` : inner;
    }
    case 'map': {
      const inner = `map<${formatCqlType(type.key)}, ${formatCqlType(type.value)}>`;
      return type.frozen ? `frozen<${inner}>` : inner;
    }
    case 'tuple':
      return `frozen<tuple<${type.elements.map(formatCqlType).join(', ')}>>`;
    case 'custom':
      return `'${type.className}'`;
    case 'vector':
      return `vector<${formatCqlType(type.element)}, ${type.dimension}>`;
    case 'udt': {
      const name = /^[a-z][a-z0-9_]*$/.test(type.name) ? type.name : `"${type.name.replace(/"/g, '""')}"`;
      return type.frozen ? `frozen<${name}>` : name;
    }
  }
}

/** Collections nested in other types are always frozen in Cassandra. */
export function freeze(type: CqlType): CqlType {
  if (type.kind === 'list' || type.kind === 'set' || type.kind === 'map' || type.kind === 'udt')
    return { ...type, frozen: true };
  return type;
}

const isDuration = (t: CqlType): boolean => t.kind === 'native' && t.name === 'duration';

/** Whether a duration is in the type (Cassandra refuses it in a primary key, sorted or not). */
export function containsDuration(t: CqlType): boolean {
  switch (t.kind) {
    case 'native':
      return t.name === 'duration';
    case 'list':
    case 'set':
      return containsDuration(t.element);
    case 'map':
      return containsDuration(t.key) || containsDuration(t.value);
    case 'tuple':
      return t.elements.some(containsDuration);
    case 'udt':
      return t.fields.some((f) => containsDuration(f.type));
    case 'vector':
      return containsDuration(t.element);
    case 'custom':
      return false;
  }
}

/** Cassandra's message when a duration is where values must sort (set elements, map keys), or null. */
export function durationMisplaced(t: CqlType): string | null {
  if (t.kind === 'set' && isDuration(t.element)) return `Durations are not allowed inside sets: ${formatCqlType(t)}`;
  if (t.kind === 'map' && isDuration(t.key)) return `Durations are not allowed as map keys: ${formatCqlType(t)}`;
  if (t.kind === 'list' || t.kind === 'set') return durationMisplaced(t.element);
  if (t.kind === 'map') return durationMisplaced(t.key) ?? durationMisplaced(t.value);
  if (t.kind === 'tuple') return t.elements.map(durationMisplaced).find((m) => m !== null) ?? null;
  return null;
}

/** Cassandra's message for a vector of no positive dimension in the type, or null. */
export function badVectorDimension(t: CqlType): string | null {
  if (t.kind === 'vector')
    return t.dimension <= 0 ? `vectors may only have positive dimensions; given ${t.dimension}` : null;
  if (t.kind === 'list' || t.kind === 'set') return badVectorDimension(t.element);
  if (t.kind === 'map') return badVectorDimension(t.key) ?? badVectorDimension(t.value);
  if (t.kind === 'tuple') return t.elements.map(badVectorDimension).find((m) => m !== null) ?? null;
  return null;
}

/** Whether a vector is in the type (a Cassandra 5.0 type). */
export function usesVector(t: CqlType): boolean {
  if (t.kind === 'vector') return true;
  if (t.kind === 'list' || t.kind === 'set') return usesVector(t.element);
  if (t.kind === 'map') return usesVector(t.key) || usesVector(t.value);
  if (t.kind === 'tuple') return t.elements.some(usesVector);
  return false;
}

export const isCollection = (type: CqlType): boolean =>
  type.kind === 'list' || type.kind === 'set' || type.kind === 'map';

export function sameType(a: CqlType, b: CqlType): boolean {
  return formatCqlType(a) === formatCqlType(b);
}

const MARSHAL = 'org.apache.cassandra.db.marshal.';
const MARSHAL_NATIVE: Readonly<Record<string, NativeTypeName>> = {
  AsciiType: 'ascii',
  LongType: 'bigint',
  BytesType: 'blob',
  BooleanType: 'boolean',
  CounterColumnType: 'counter',
  SimpleDateType: 'date',
  DecimalType: 'decimal',
  DoubleType: 'double',
  DurationType: 'duration',
  FloatType: 'float',
  InetAddressType: 'inet',
  Int32Type: 'int',
  ShortType: 'smallint',
  UTF8Type: 'text',
  TimeType: 'time',
  TimestampType: 'timestamp',
  TimeUUIDType: 'timeuuid',
  ByteType: 'tinyint',
  UUIDType: 'uuid',
  IntegerType: 'varint',
};

/**
 * A type written as a marshal class string (`'DynamicCompositeType(s => UTF8Type)'`), as Cassandra's TypeParser
 * reads it: short class names completed with the marshal package, spaces dropped; a class with a CQL name (`Int32Type`)
 * is that native type.
 */
export function customType(text: string): CqlType {
  const compact = text.replace(/\s+/g, '');
  const full = compact.replace(/\b([A-Za-z_][\w.$]*)\b(?!=>)/g, (name: string) =>
    name.includes('.') ? name : `${MARSHAL}${name}`,
  );
  const simple = full.startsWith(MARSHAL) ? full.slice(MARSHAL.length) : '';
  const native = MARSHAL_NATIVE[simple];
  return native ? { kind: 'native', name: native } : { kind: 'custom', className: full };
}

const MARSHAL_NAME: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(MARSHAL_NATIVE).map(([cls, name]) => [name, cls]),
);
const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** The marshal class string Cassandra sends for a type inside a custom one (`VectorType(FloatType, 3)`). */
export function marshalClass(type: CqlType): string {
  const frozen = (inner: string, isFrozen: boolean): string => (isFrozen ? `${MARSHAL}FrozenType(${inner})` : inner);
  switch (type.kind) {
    case 'native':
      return `${MARSHAL}${MARSHAL_NAME[type.name] ?? 'BytesType'}`;
    case 'list':
      return frozen(`${MARSHAL}ListType(${marshalClass(type.element)})`, type.frozen);
    case 'set':
      return frozen(`${MARSHAL}SetType(${marshalClass(type.element)})`, type.frozen);
    case 'map':
      return frozen(`${MARSHAL}MapType(${marshalClass(type.key)},${marshalClass(type.value)})`, type.frozen);
    case 'tuple':
      return frozen(`${MARSHAL}TupleType(${type.elements.map(marshalClass).join(',')})`, true);
    case 'udt': {
      const fields = type.fields.map((f) => `${hex(f.name)}:${marshalClass(f.type)}`);
      return frozen(`${MARSHAL}UserType(${[type.keyspace, hex(type.name), ...fields].join(',')})`, type.frozen);
    }
    case 'vector':
      return `${MARSHAL}VectorType(${marshalClass(type.element)}, ${type.dimension})`;
    case 'custom':
      return type.className;
  }
}

/** The type a `ReversedType(...)` custom type wraps, or null when it is not one. */
export function reversedInner(type: CqlType): CqlType | null {
  const prefix = `${MARSHAL}ReversedType(`;
  if (type.kind !== 'custom' || !type.className.startsWith(prefix) || !type.className.endsWith(')')) return null;
  return customType(type.className.slice(prefix.length, -1));
}

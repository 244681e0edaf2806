// Cassandra's native scalar functions (now, uuid, current*, to*, min/maxTimeuuid, <type>AsBlob, blobAs<type>), their
// overload resolution and Cassandra's wording when a call does not fit. Values are serialized bytes in and out.
import { randomBytes, randomUUID } from 'node:crypto';
import { formatCqlType, native } from './cqlType';
import { checkValue } from './valueCheck';
import type { CqlType, NativeTypeName } from './types';

/** Thrown for calls Cassandra refuses; answered as InvalidRequest (0x2200) with this message. */
export class FunctionError extends Error {}

export interface NativeFunction {
  /** As Cassandra names it in result columns and messages: `system.totimestamp`. */
  name: string;
  args: CqlType[];
  returns: CqlType;
  /** Null in, null out, as Cassandra's native functions answer. */
  apply(args: (Buffer | null)[]): Buffer | null;
}

/** What resolution knows of an argument: its type when it has one (columns, calls), else whether a type fits it. */
export interface ArgInfo {
  type: CqlType | null;
  fits: (type: CqlType) => boolean;
  text: string;
}

const DAY_MS = 86_400_000;
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const MIN_LSB = Buffer.from('8080808080808080', 'hex');
const MAX_LSB = Buffer.from('7f7f7f7f7f7f7f7f', 'hex');
const NODE_LSB = randomBytes(8);
NODE_LSB[0] = ((NODE_LSB[0] as number) & 0x3f) | 0x80;
let lastTicks = 0n;

function timeuuid(ticks: bigint, lsb: Buffer): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(Number(ticks & 0xffffffffn), 0);
  b.writeUInt16BE(Number((ticks >> 32n) & 0xffffn), 4);
  b.writeUInt16BE(Number(((ticks >> 48n) & 0x0fffn) | 0x1000n), 6);
  lsb.copy(b, 8);
  return b;
}

/** A version-1 UUID for now, strictly increasing within this process (as Cassandra's UUIDGen). */
export function newTimeuuid(nowMs: number = Date.now()): Buffer {
  let ticks = BigInt(nowMs) * 10_000n + GREGORIAN_OFFSET;
  if (ticks <= lastTicks) ticks = lastTicks + 1n;
  lastTicks = ticks;
  return timeuuid(ticks, NODE_LSB);
}

/** Milliseconds since the epoch of a version-1 UUID. */
export function timeuuidMillis(b: Buffer): bigint {
  const ticks =
    (BigInt(b.readUInt16BE(6) & 0x0fff) << 48n) | (BigInt(b.readUInt16BE(4)) << 32n) | BigInt(b.readUInt32BE(0));
  const t = ticks - GREGORIAN_OFFSET;
  return t >= 0n ? t / 10_000n : (t - 9_999n) / 10_000n;
}

const long = (v: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt.asIntN(64, v));
  return b;
};
/** `date` bytes for milliseconds since the epoch (days, floored, with 2^31 as the epoch). */
export const dateOfMillisBytes = (ms: bigint): Buffer => {
  const b = Buffer.alloc(4);
  const days = ms >= 0n ? ms / 86_400_000n : (ms - 86_399_999n) / 86_400_000n;
  b.writeUInt32BE(Number(days) + 2 ** 31);
  return b;
};
const dateMillis = (b: Buffer): bigint => BigInt(b.readUInt32BE(0) - 2 ** 31) * 86_400_000n;

const REGISTRY = new Map<string, NativeFunction[]>();

function add(names: string[], args: NativeTypeName[], returns: NativeTypeName, apply: NativeFunction['apply']): void {
  for (const n of names) {
    const f: NativeFunction = { name: `system.${n}`, args: args.map(native), returns: native(returns), apply };
    REGISTRY.set(n, [...(REGISTRY.get(n) ?? []), f]);
  }
}

const nullSafe =
  (f: (args: Buffer[]) => Buffer): NativeFunction['apply'] =>
  (args) =>
    // An empty value reads as null in Cassandra's types (compose() of no bytes), so the function answers null.
    args.some((a) => a === null || a.length === 0) ? null : f(args as Buffer[]);
const first = (f: (b: Buffer) => Buffer) => nullSafe((a) => f(a[0] as Buffer));

add(['now', 'currenttimeuuid', 'current_timeuuid'], [], 'timeuuid', () => newTimeuuid());
// Deprecated in 2.2 and removed in 5.0 (a 5.0 node does not know them).
add(
  ['dateof'],
  ['timeuuid'],
  'timestamp',
  first((b) => long(timeuuidMillis(b))),
);
add(
  ['unixtimestampof'],
  ['timeuuid'],
  'bigint',
  first((b) => long(timeuuidMillis(b))),
);
add(['uuid'], [], 'uuid', () => Buffer.from(randomUUID().replace(/-/g, ''), 'hex'));
add(['currenttimestamp', 'current_timestamp'], [], 'timestamp', () => long(BigInt(Date.now())));
add(['currentdate', 'current_date'], [], 'date', () => dateOfMillisBytes(BigInt(Date.now())));
add(['currenttime', 'current_time'], [], 'time', () => long(BigInt(Date.now() % DAY_MS) * 1_000_000n));
for (const n of ['totimestamp', 'to_timestamp']) {
  add(
    [n],
    ['timeuuid'],
    'timestamp',
    first((b) => long(timeuuidMillis(b))),
  );
  add(
    [n],
    ['date'],
    'timestamp',
    first((b) => long(dateMillis(b))),
  );
}
for (const n of ['todate', 'to_date']) {
  add(
    [n],
    ['timeuuid'],
    'date',
    first((b) => dateOfMillisBytes(timeuuidMillis(b))),
  );
  add(
    [n],
    ['timestamp'],
    'date',
    first((b) => dateOfMillisBytes(b.readBigInt64BE(0))),
  );
}
for (const n of ['tounixtimestamp', 'to_unix_timestamp']) {
  add(
    [n],
    ['timeuuid'],
    'bigint',
    first((b) => long(timeuuidMillis(b))),
  );
  add(
    [n],
    ['timestamp'],
    'bigint',
    first((b) => long(b.readBigInt64BE(0))),
  );
  add(
    [n],
    ['date'],
    'bigint',
    first((b) => long(dateMillis(b))),
  );
}
const ticksOf = (b: Buffer) => b.readBigInt64BE(0) * 10_000n + GREGORIAN_OFFSET;
add(
  ['mintimeuuid', 'min_timeuuid'],
  ['timestamp'],
  'timeuuid',
  first((b) => timeuuid(ticksOf(b), MIN_LSB)),
);
add(
  ['maxtimeuuid', 'max_timeuuid'],
  ['timestamp'],
  'timeuuid',
  first((b) => timeuuid(ticksOf(b) + 9_999n, MAX_LSB)),
);
for (const t of [
  'ascii',
  'bigint',
  'boolean',
  'counter',
  'date',
  'decimal',
  'double',
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
] as const) {
  // The bytes as they are (an empty value stays empty, as Cassandra's BytesConversionFcts pass it through).
  add([`${t}asblob`], [t], 'blob', (args) => args[0] ?? null);
  const name = `system.blobas${t}`;
  add([`blobas${t}`], ['blob'], t, (args) => {
    const b = args[0] ?? null;
    if (b === null) return null;
    if (typeof checkValue(native(t), b) === 'string')
      throw new FunctionError(
        `In call to function ${name}, value 0x${b.toString('hex')} is not a valid binary representation for type ${t}`,
      );
    return b;
  });
}
add(['varcharasblob'], ['text'], 'blob', (args) => args[0] ?? null);
add(['blobasvarchar'], ['blob'], 'text', REGISTRY.get('blobastext')?.[0]?.apply ?? first((b) => b));

/** Whether a value of type `from` may be passed where `to` is expected (Cassandra's value compatibility). */
export function assignable(from: CqlType, to: CqlType): boolean {
  const f = formatCqlType(from);
  const t = formatCqlType(to);
  return (
    f === t || (t === 'text' && f === 'ascii') || (t === 'uuid' && f === 'timeuuid') || (t === 'blob' && f === 'blob')
  );
}

export const signature = (f: NativeFunction) =>
  `${f.name} : (${f.args.map(formatCqlType).join(', ')}) -> ${formatCqlType(f.returns)}`;

/** Whether a release knows the function: snake_case names and collection functions came in 5.0, dateOf left. */
export function knownIn(fn: string, major: number): boolean {
  if (fn === 'dateof' || fn === 'unixtimestampof') return major < 5;
  return major >= 5 || !fn.includes('_') || fn.startsWith('_');
}

/** The overload of `fn` these arguments call; FunctionError worded as Cassandra's FunctionResolver. */
export function resolveFunction(fn: string, args: ArgInfo[], unknown: string): NativeFunction {
  const candidates = REGISTRY.get(fn);
  if (!candidates) throw new FunctionError(unknown);
  const fitting = candidates.filter(
    (f) =>
      f.args.length === args.length &&
      args.every((a, i) => (a.type ? assignable(a.type, f.args[i] as CqlType) : a.fits(f.args[i] as CqlType))),
  );
  if (fitting.length === 1) return fitting[0] as NativeFunction;
  const only = candidates[0] as NativeFunction;
  if (fitting.length > 1) {
    const exact = fitting.filter((f) =>
      args.every((a, i) => a.type && formatCqlType(a.type) === formatCqlType(f.args[i] as CqlType)),
    );
    if (exact.length === 1) return exact[0] as NativeFunction;
    throw new FunctionError(
      `Ambiguous call to function ${only.name} (can be matched by following signatures: ${fitting.map(signature).join(', ')}): use type casts to disambiguate`,
    );
  }
  if (candidates.length === 1) {
    if (only.args.length !== args.length)
      throw new FunctionError(
        `Invalid number of arguments in call to function ${only.name}: ${only.args.length} required but ${args.length} provided`,
      );
    const bad = args.findIndex(
      (a, i) => !(a.type ? assignable(a.type, only.args[i] as CqlType) : a.fits(only.args[i] as CqlType)),
    );
    throw new FunctionError(
      `Type error: ${args[bad]?.text ?? '?'} cannot be passed as argument ${bad} of function ${only.name} of type ${formatCqlType(only.args[bad] as CqlType)}`,
    );
  }
  throw new FunctionError(
    `Invalid call to function ${only.name}, none of its type signatures match (known type signatures: ${candidates.map(signature).join(', ')})`,
  );
}

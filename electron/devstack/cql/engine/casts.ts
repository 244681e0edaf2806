// CAST(x AS type) in a selection, as Cassandra's CastFcts allow it: numbers to any number (Java's narrowing
// conversions), anything native to text/ascii, timestamp <-> date, timeuuid to timestamp/date.
import { encodeVarint, literalToBytes } from './literalCodec';
import { dateOfMillisBytes, timeuuidMillis } from './functions';
import { readVarint } from './valueCompare';
import { javaFloatText, nativeText } from './valueText';
import type { NativeTypeName } from './types';

type Num = { int: bigint } | { float: number } | { dec: { unscaled: bigint; scale: number } };

const INTEGRAL: Partial<Record<NativeTypeName, number>> = {
  tinyint: 8,
  smallint: 16,
  int: 32,
  bigint: 64,
  counter: 64,
};
const NUMERIC = new Set<NativeTypeName>([
  'tinyint',
  'smallint',
  'int',
  'bigint',
  'counter',
  'varint',
  'float',
  'double',
  'decimal',
]);

function numberOf(name: NativeTypeName, b: Buffer): Num {
  switch (name) {
    case 'tinyint':
      return { int: BigInt(b.readInt8(0)) };
    case 'smallint':
      return { int: BigInt(b.readInt16BE(0)) };
    case 'int':
      return { int: BigInt(b.readInt32BE(0)) };
    case 'float':
      return { float: b.readFloatBE(0) };
    case 'double':
      return { float: b.readDoubleBE(0) };
    case 'decimal':
      return { dec: { unscaled: readVarint(b.subarray(4)), scale: b.readInt32BE(0) } };
    case 'varint':
      return { int: readVarint(b) };
    default:
      return { int: b.readBigInt64BE(0) };
  }
}

/** Truncated toward zero, as Java's BigDecimal.toBigInteger and (long) casts. */
function truncated(n: Num, bits: number): bigint {
  if ('int' in n) return n.int;
  if ('dec' in n) {
    const { unscaled, scale } = n.dec;
    return scale >= 0 ? unscaled / 10n ** BigInt(scale) : unscaled * 10n ** BigInt(-scale);
  }
  // Java's d2i / d2l saturate and turn NaN into 0; narrower types then wrap from int.
  if (Number.isNaN(n.float)) return 0n;
  const max = bits === 64 ? 2n ** 63n - 1n : 2n ** 31n - 1n;
  if (n.float >= Number(max)) return max;
  if (n.float <= -Number(max) - 1) return -max - 1n;
  return BigInt(Math.trunc(n.float));
}

function toNumber(n: Num, to: NativeTypeName, from: NativeTypeName): Buffer {
  const bits = INTEGRAL[to];
  if (bits !== undefined) {
    const v = BigInt.asIntN(bits, truncated(n, bits === 64 ? 64 : 32));
    const b = Buffer.alloc(bits / 8);
    if (bits === 64) b.writeBigInt64BE(v);
    else b.writeIntBE(Number(v), 0, bits / 8);
    return b;
  }
  if (to === 'varint') return encodeVarint(truncated(n, 64));
  const text =
    'int' in n ? n.int.toString() : 'float' in n ? javaFloatText(n.float, from === 'float') : decimalLiteral(n.dec);
  if (to === 'decimal') {
    if ('float' in n && !Number.isFinite(n.float)) throw new Error(`Unable to make BigDecimal from ${text}`);
    return literalToBytes({ kind: 'native', name: 'decimal' }, { kind: 'number', text }) as Buffer;
  }
  const x = 'float' in n ? n.float : Number(text);
  const b = Buffer.alloc(to === 'float' ? 4 : 8);
  if (to === 'float') b.writeFloatBE(x);
  else b.writeDoubleBE(x);
  return b;
}

function decimalLiteral(d: { unscaled: bigint; scale: number }): string {
  return `${d.unscaled}e${-d.scale}`;
}

/** The conversion CAST(x AS to) applies to a value of type `from`, or null when Cassandra has no such cast. */
export function castFunction(from: NativeTypeName, to: NativeTypeName): ((b: Buffer) => Buffer) | null {
  if (to === 'text' || to === 'ascii') {
    return (b) => Buffer.from(nativeText(from, b), 'utf8');
  }
  if (NUMERIC.has(from) && NUMERIC.has(to) && to !== 'counter') return (b) => toNumber(numberOf(from, b), to, from);
  if (to === 'date' && from === 'timestamp') return (b) => dateOfMillisBytes(b.readBigInt64BE(0));
  if (to === 'date' && from === 'timeuuid') return (b) => dateOfMillisBytes(timeuuidMillis(b));
  if (to === 'timestamp' && (from === 'date' || from === 'timeuuid'))
    return (b) => {
      const out = Buffer.alloc(8);
      out.writeBigInt64BE(from === 'date' ? BigInt(b.readUInt32BE(0) - 2 ** 31) * 86_400_000n : timeuuidMillis(b));
      return out;
    };
  return null;
}

// Arithmetic in selections (Cassandra 4.0+ OperationFcts): + - * / % and unary minus over numbers. The result type
// follows Cassandra's rule: floating point if either side is, as wide as the wider side (float/double, else decimal;
// tinyint..bigint, else varint). Integers wrap as Java's do; integer division by zero is the operation's failure.
import { native } from './cqlType';
import { FunctionError } from './functions';
import { encodeVarint } from './literalCodec';
import { readVarint } from './valueCompare';
import type { CqlType, NativeTypeName } from './types';

const SIZE: Partial<Record<NativeTypeName, number>> = {
  tinyint: 1,
  smallint: 2,
  int: 4,
  bigint: 8,
  counter: 8,
  float: 4,
  double: 8,
  varint: 100,
  decimal: 100,
};
const FLOATING = new Set<NativeTypeName>(['float', 'double', 'decimal']);
const SYMBOL: Record<string, string> = { _add: '+', _substract: '-', _multiply: '*', _divide: '/', _modulo: '%' };

/** Whether `fn` is one of the operation functions the parser makes of operators. */
export const isOperation = (fn: string): boolean => fn in SYMBOL || fn === '_negate';

export const operatorOf = (fn: string): string => SYMBOL[fn] ?? '-';

type Dec = { u: bigint; s: number };

function nameOf(t: CqlType, side: string): NativeTypeName {
  if (t.kind === 'native' && SIZE[t.name] !== undefined) return t.name;
  throw new FunctionError(`the ${side} operand of an arithmetic operation must be a number`);
}

/** The result type of `left op right`. */
export function operationType(left: CqlType, right: CqlType): CqlType {
  const l = nameOf(left, 'left');
  const r = nameOf(right, 'right');
  const size = Math.max(SIZE[l] as number, SIZE[r] as number);
  if (FLOATING.has(l) || FLOATING.has(r)) return native(size === 4 ? 'float' : size === 8 ? 'double' : 'decimal');
  return native(
    size === 1 ? 'tinyint' : size === 2 ? 'smallint' : size === 4 ? 'int' : size === 8 ? 'bigint' : 'varint',
  );
}

function toDec(name: NativeTypeName, b: Buffer): Dec {
  if (name === 'decimal') return { u: readVarint(b.subarray(4)), s: b.readInt32BE(0) };
  if (name === 'float' || name === 'double') {
    const x = name === 'float' ? b.readFloatBE(0) : b.readDoubleBE(0);
    const [m = '0', e = '0'] = x.toExponential().split('e');
    const [i = '', f = ''] = m.split('.');
    return { u: BigInt(`${i}${f}`), s: f.length - Number(e) };
  }
  return { u: toInt(name, b), s: 0 };
}

function toInt(name: NativeTypeName, b: Buffer): bigint {
  if (name === 'varint') return readVarint(b);
  if (name === 'float' || name === 'double')
    return BigInt(Math.trunc(name === 'float' ? b.readFloatBE(0) : b.readDoubleBE(0)));
  if (name === 'decimal') {
    const d = toDec(name, b);
    return d.s >= 0 ? d.u / 10n ** BigInt(d.s) : d.u * 10n ** BigInt(-d.s);
  }
  return SIZE[name] === 8 ? b.readBigInt64BE(0) : BigInt(b.readIntBE(0, b.length));
}

function toFloat(name: NativeTypeName, b: Buffer): number {
  if (name === 'float') return b.readFloatBE(0);
  if (name === 'double') return b.readDoubleBE(0);
  const d = toDec(name, b);
  return Number(`${d.u}e${-d.s}`);
}

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  const s = Math.max(a.s, b.s);
  return [a.u * 10n ** BigInt(s - a.s), b.u * 10n ** BigInt(s - b.s), s];
};

/** BigDecimal.divide(x, MathContext.DECIMAL128): 34 significant digits, half-even, trailing zeros trimmed. */
function divideDecimal(a: Dec, b: Dec): Dec {
  if (b.u === 0n) throw new Error('Division by zero');
  let s = a.s - b.s + 40;
  let q = (a.u * 10n ** 40n) / b.u;
  while ((q < 0n ? -q : q).toString().length > 34) {
    const r = q % 10n;
    q /= 10n;
    const half = r < 0n ? -r : r;
    if (half > 5n || (half === 5n && q % 2n !== 0n)) q += q < 0n || r < 0n ? -1n : 1n;
    s--;
  }
  while (s > a.s - b.s && q % 10n === 0n && q !== 0n) {
    q /= 10n;
    s--;
  }
  return { u: q, s };
}

function decBytes(d: Dec): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(d.s);
  return Buffer.concat([b, encodeVarint(d.u)]);
}

/** Applies `fn` to two values already known to be numbers of types `lt` and `rt`, answering the `out` type. */
export function operate(fn: string, lt: CqlType, rt: CqlType, out: CqlType, l: Buffer, r: Buffer): Buffer {
  const ln = nameOf(lt, 'left');
  const rn = nameOf(rt, 'right');
  const o = nameOf(out, 'result');
  const fail = (why: string): never => {
    throw new FunctionError(`the operation '${ln} ${operatorOf(fn)} ${rn}' failed: ${why}`);
  };
  if (o === 'float' || o === 'double') {
    const x = toFloat(ln, l);
    const y = toFloat(rn, r);
    const v =
      fn === '_add'
        ? x + y
        : fn === '_substract'
          ? x - y
          : fn === '_multiply'
            ? x * y
            : fn === '_divide'
              ? x / y
              : x % y;
    const b = Buffer.alloc(o === 'float' ? 4 : 8);
    if (o === 'float') b.writeFloatBE(v);
    else b.writeDoubleBE(v);
    return b;
  }
  if (o === 'decimal') {
    const x = toDec(ln, l);
    const y = toDec(rn, r);
    if (fn === '_multiply') return decBytes({ u: x.u * y.u, s: x.s + y.s });
    if (fn === '_divide') {
      try {
        return decBytes(divideDecimal(x, y));
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    const [a, b, s] = align(x, y);
    if (fn === '_modulo') return b === 0n ? fail('Division by zero') : decBytes({ u: a % b, s });
    return decBytes({ u: fn === '_add' ? a + b : a - b, s });
  }
  const x = toInt(ln, l);
  const y = toInt(rn, r);
  if ((fn === '_divide' || fn === '_modulo') && y === 0n)
    fail(o === 'varint' ? 'BigInteger divide by zero' : '/ by zero');
  const v =
    fn === '_add' ? x + y : fn === '_substract' ? x - y : fn === '_multiply' ? x * y : fn === '_divide' ? x / y : x % y;
  if (o === 'varint') return encodeVarint(v);
  const bits = (SIZE[o] as number) * 8;
  const b = Buffer.alloc(bits / 8);
  if (bits === 64) b.writeBigInt64BE(BigInt.asIntN(64, v));
  else b.writeIntBE(Number(BigInt.asIntN(bits, v)), 0, bits / 8);
  return b;
}

/** Unary minus of a number of type `t`. */
export function negate(t: CqlType, b: Buffer): Buffer {
  const zero = t.kind === 'native' && t.name === 'decimal' ? decBytes({ u: 0n, s: 0 }) : Buffer.alloc(b.length);
  if (t.kind === 'native' && t.name === 'varint') return encodeVarint(-readVarint(b));
  if (t.kind === 'native' && (t.name === 'float' || t.name === 'double')) {
    const out = Buffer.from(b);
    out[0] = (out[0] as number) ^ 0x80;
    return out;
  }
  return operate('_substract', t, t, t, zero, b);
}

// Cassandra's native aggregates: count(x), min, max, sum, avg, with its result types (the argument's type: avg of
// int is int, truncated as Java's long division; sum of counter is bigint) and values over no rows (0, or null for
// min/max). Inputs and results are serialized bytes.
import { native } from './cqlType';
import { FunctionError } from './functions';
import { encodeVarint } from './literalCodec';
import { compareValues, readVarint } from './valueCompare';
import type { CqlType } from './types';

export const AGGREGATES = new Set(['count', 'min', 'max', 'sum', 'avg']);

export interface Aggregate {
  returns: CqlType;
  /** A fresh accumulator (one per group). */
  start(): { add(v: Buffer | null): void; result(): Buffer | null };
}

const INT_BITS: Record<string, number> = { tinyint: 8, smallint: 16, int: 32, bigint: 64, counter: 64 };
const NUMERIC = ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'varint', 'counter'];

function intBytes(v: bigint, bits: number): Buffer {
  const b = Buffer.alloc(bits / 8);
  const x = BigInt.asIntN(bits, v);
  if (bits === 64) b.writeBigInt64BE(x);
  else b.writeIntBE(Number(x), 0, bits / 8);
  return b;
}

function readInt(name: string, b: Buffer): bigint {
  if (name === 'varint') return readVarint(b);
  if (INT_BITS[name] === 64) return b.readBigInt64BE(0);
  return BigInt(b.readIntBE(0, b.length));
}

function decimalBytes(unscaled: bigint, scale: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(scale);
  return Buffer.concat([b, encodeVarint(unscaled)]);
}

/** Half-even division of integers, as BigDecimal.divide(divisor, HALF_EVEN) keeps the dividend's scale. */
function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

function numeric(fn: 'sum' | 'avg', arg: CqlType): Aggregate {
  const name = arg.kind === 'native' ? arg.name : '';
  const avg = fn === 'avg';
  if (name === 'float' || name === 'double') {
    const width = name === 'float' ? 4 : 8;
    return {
      returns: arg,
      start() {
        let sum = 0;
        let n = 0;
        return {
          add(v) {
            if (v === null || v.length === 0) return;
            sum += width === 4 ? v.readFloatBE(0) : v.readDoubleBE(0);
            n++;
          },
          result() {
            const x = avg ? (n === 0 ? 0 : sum / n) : sum;
            const b = Buffer.alloc(width);
            if (width === 4) b.writeFloatBE(x);
            else b.writeDoubleBE(x);
            return b;
          },
        };
      },
    };
  }
  if (name === 'decimal')
    return {
      returns: arg,
      start() {
        let unscaled = 0n;
        let scale = 0;
        let n = 0n;
        return {
          add(v) {
            if (v === null || v.length === 0) return;
            const s = v.readInt32BE(0);
            let u = readVarint(v.subarray(4));
            if (s > scale) unscaled *= 10n ** BigInt(s - scale);
            else u *= 10n ** BigInt(scale - s);
            scale = Math.max(scale, s);
            unscaled += u;
            n++;
          },
          result() {
            if (!avg) return decimalBytes(unscaled, scale);
            return n === 0n ? decimalBytes(0n, 0) : decimalBytes(divideHalfEven(unscaled, n), scale);
          },
        };
      },
    };
  const returns = name === 'counter' ? native('bigint') : arg;
  const bits = INT_BITS[name === 'counter' ? 'bigint' : name];
  return {
    returns,
    start() {
      let sum = 0n;
      let n = 0n;
      return {
        add(v) {
          if (v === null || v.length === 0) return;
          sum += readInt(name, v);
          n++;
        },
        result() {
          const x = avg ? (n === 0n ? 0n : sum / n) : sum;
          return bits === undefined ? encodeVarint(x) : intBytes(x, bits);
        },
      };
    },
  };
}

/** The aggregate `fn` over an argument of type `arg`; FunctionError as Cassandra's resolver words a misfit. */
export function aggregateFor(fn: string, arg: CqlType): Aggregate {
  if (fn === 'count')
    return {
      returns: native('bigint'),
      start() {
        let n = 0n;
        return {
          add: (v) => {
            if (v !== null) n++;
          },
          result: () => intBytes(n, 64),
        };
      },
    };
  if (fn === 'min' || fn === 'max') {
    const sign = fn === 'min' ? -1 : 1;
    return {
      returns: arg,
      start() {
        let best: Buffer | null = null;
        return {
          add(v) {
            if (v === null) return;
            if (best === null || Math.sign(compareValues(arg, v, best)) === sign) best = v;
          },
          result: () => best,
        };
      },
    };
  }
  const name = arg.kind === 'native' ? arg.name : '';
  if ((fn === 'sum' || fn === 'avg') && NUMERIC.includes(name)) return numeric(fn, arg);
  const known = NUMERIC.map((t) => `system.${fn} : (${t}) -> ${t === 'counter' ? 'bigint' : t}`).join(', ');
  throw new FunctionError(
    `Invalid call to function system.${fn}, none of its type signatures match (known type signatures: ${known})`,
  );
}

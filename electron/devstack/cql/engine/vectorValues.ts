// `vector<T, n>` values (Cassandra 5.0): n elements concatenated, each of a fixed-size type as is, each of a
// variable-size type after its length as an unsigned vint. The fixed sizes are Cassandra's (and the DataStax
// driver's serializationSizeIfFixed): a vector of a fixed-size type is fixed-size too.
import { formatCqlType } from './cqlType';
import type { CqlType } from './types';
import { readUnsignedVint, unsignedVint } from './vint';

const FIXED: Readonly<Record<string, number>> = {
  bigint: 8,
  boolean: 1,
  timestamp: 8,
  double: 8,
  float: 4,
  int: 4,
  timeuuid: 16,
  uuid: 16,
};

/** The serialized size of every value of `type`, or null when values vary in size. */
export function fixedSize(type: CqlType): number | null {
  if (type.kind === 'native') return FIXED[type.name] ?? null;
  if (type.kind === 'vector') {
    const inner = fixedSize(type.element);
    return inner === null ? null : inner * type.dimension;
  }
  return null;
}

type VectorType = Extract<CqlType, { kind: 'vector' }>;

/** The elements of a vector value, or a message like Cassandra's when the bytes do not hold exactly n of them. */
export function readVector(type: VectorType, buf: Buffer): Buffer[] | string {
  const size = fixedSize(type.element);
  const items: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < type.dimension; i++) {
    let length = size;
    if (length === null) {
      const r = readUnsignedVint(buf, at);
      if (r === null) return `Not enough bytes to read a ${formatCqlType(type)}`;
      length = Number(r[0]);
      at = r[1];
    }
    if (at + length > buf.length) return `Not enough bytes to read a ${formatCqlType(type)}`;
    items.push(buf.subarray(at, at + length));
    at += length;
  }
  if (at !== buf.length) return `Unexpected ${buf.length - at} extraneous bytes after ${formatCqlType(type)} value`;
  return items;
}

/** The bytes of a vector value from its serialized elements. */
export function writeVector(type: VectorType, items: Buffer[]): Buffer {
  if (fixedSize(type.element) !== null) return Buffer.concat(items);
  return Buffer.concat(items.flatMap((b) => [unsignedVint(BigInt(b.length)), b]));
}

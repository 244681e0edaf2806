// Partition keys are serialized the way Cassandra hashes them (one component: its bytes; several: CompositeType,
// `[u16 len][bytes][0x00]` each), so tokens match the drivers'. Clustering keys are `[u16 len][bytes]` per component.
import type { ColumnMeta } from './catalog';
import { compareValues } from './valueCompare';

const EMPTY = Buffer.alloc(0);

/** The serialized key; a single component is returned as is (storage copies what it keeps). */
export function encodePartitionKey(values: Buffer[]): Buffer {
  if (values.length === 1) return values[0] as Buffer;
  const out = Buffer.allocUnsafe(values.reduce((s, v) => s + v.length + 3, 0));
  let at = 0;
  for (const v of values) {
    out.writeUInt16BE(v.length, at);
    out.set(v, at + 2);
    out[at + 2 + v.length] = 0;
    at += v.length + 3;
  }
  return out;
}

export function decodePartitionKey(key: Buffer, count: number): Buffer[] {
  if (count === 1) return [key];
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const len = key.readUInt16BE(at);
    out.push(key.subarray(at + 2, at + 2 + len));
    at += len + 3;
  }
  return out;
}

export function encodeClustering(values: Buffer[]): Buffer {
  if (values.length === 0) return EMPTY;
  const out = Buffer.allocUnsafe(values.reduce((s, v) => s + v.length + 2, 0));
  let at = 0;
  for (const v of values) {
    out.writeUInt16BE(v.length, at);
    out.set(v, at + 2);
    at += v.length + 2;
  }
  return out;
}

export function decodeClustering(ck: Buffer, count: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count && at < ck.length; i++) {
    const len = ck.readUInt16BE(at);
    out.push(ck.subarray(at + 2, at + 2 + len));
    at += len + 2;
  }
  return out;
}

/** Orders clustering keys as the table stores them (DESC columns reversed). */
export function clusteringComparator(columns: ColumnMeta[]): (a: Buffer, b: Buffer) => number {
  if (columns.length === 0) return () => 0;
  return (a, b) => {
    const va = decodeClustering(a, columns.length);
    const vb = decodeClustering(b, columns.length);
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i] as ColumnMeta;
      const x = va[i];
      const y = vb[i];
      if (x === undefined || y === undefined) return (x === undefined ? 0 : 1) - (y === undefined ? 0 : 1);
      const c = compareValues(col.type, x, y);
      if (c !== 0) return col.order === 'desc' ? -c : c;
    }
    return 0;
  };
}

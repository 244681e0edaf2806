// Decompressors for request bodies (spec section 5). Compression is agreed in STARTUP, but frames "do not have to be
// compressed even if compression has been agreed upon", so responses always go out uncompressed and only these
// decoders are needed. Both check every length against the frame limit and throw CqlDecodeError on bad input.
import { CqlDecodeError } from './bodyReader';

export type Compression = 'lz4' | 'snappy';

export const COMPRESSIONS: readonly Compression[] = ['lz4', 'snappy'];

/** Cassandra's lz4 body: [int] uncompressed length (big-endian), then one LZ4 block. */
export function decompressLz4(body: Buffer, maxBytes: number): Buffer {
  if (body.length < 4) throw new CqlDecodeError('lz4 body shorter than its length prefix');
  const size = body.readInt32BE(0);
  if (size < 0 || size > maxBytes) throw new CqlDecodeError(`lz4 uncompressed length ${size} out of range`);
  return decompressLz4Block(body, 4, size);
}

/** One raw LZ4 block starting at `start` of `body` (to its end), which must decode to exactly `size` bytes. */
export function decompressLz4Block(body: Buffer, start: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let i = start;
  let o = 0;
  const byte = (): number => {
    if (i >= body.length) throw new CqlDecodeError('truncated lz4 block');
    return body[i++] as number;
  };
  const extend = (n: number): number => {
    if (n !== 15) return n;
    let b: number;
    do {
      b = byte();
      n += b;
    } while (b === 255);
    return n;
  };
  while (i < body.length) {
    const token = byte();
    const literals = extend(token >> 4);
    if (i + literals > body.length || o + literals > size) throw new CqlDecodeError('lz4 literals overrun');
    body.copy(out, o, i, i + literals);
    i += literals;
    o += literals;
    if (i >= body.length) break; // the last sequence has literals only
    const offset = byte() | (byte() << 8);
    const length = extend(token & 0x0f) + 4;
    if (offset === 0 || offset > o || o + length > size) throw new CqlDecodeError('lz4 match out of range');
    for (let k = 0; k < length; k++, o++) out[o] = out[o - offset] as number;
  }
  if (o !== size) throw new CqlDecodeError(`lz4 produced ${o} bytes, expected ${size}`);
  return out;
}

/** Raw snappy: a varint uncompressed length, then literal and copy elements. */
export function decompressSnappy(body: Buffer, maxBytes: number): Buffer {
  let i = 0;
  const byte = (): number => {
    if (i >= body.length) throw new CqlDecodeError('truncated snappy body');
    return body[i++] as number;
  };
  let size = 0;
  for (let shift = 0; ; shift += 7) {
    if (shift > 28) throw new CqlDecodeError('snappy length varint too long');
    const b = byte();
    size += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (size > maxBytes) throw new CqlDecodeError(`snappy uncompressed length ${size} out of range`);
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  const le = (n: number): number => {
    let v = 0;
    for (let k = 0; k < n; k++) v += byte() * 2 ** (8 * k);
    return v;
  };
  while (i < body.length) {
    const tag = byte();
    const kind = tag & 3;
    if (kind === 0) {
      let length = tag >> 2;
      if (length >= 60) length = le(length - 59);
      length += 1;
      if (i + length > body.length || o + length > size) throw new CqlDecodeError('snappy literal overrun');
      body.copy(out, o, i, i + length);
      i += length;
      o += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (kind === 1) {
      length = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | byte();
    } else {
      length = (tag >> 2) + 1;
      offset = le(kind === 2 ? 2 : 4);
    }
    if (offset === 0 || offset > o || o + length > size) throw new CqlDecodeError('snappy copy out of range');
    for (let k = 0; k < length; k++, o++) out[o] = out[o - offset] as number;
  }
  if (o !== size) throw new CqlDecodeError(`snappy produced ${o} bytes, expected ${size}`);
  return out;
}

export function decompress(kind: Compression, body: Buffer, maxBytes: number): Buffer {
  return kind === 'lz4' ? decompressLz4(body, maxBytes) : decompressSnappy(body, maxBytes);
}

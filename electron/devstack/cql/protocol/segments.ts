// Protocol v5 framing (spec section 2): after STARTUP, envelopes (the v4-style frames) travel inside segments of at
// most 128 KiB - 1 payload bytes, each with a little-endian header guarded by a CRC24 and a payload guarded by a CRC32.
// With lz4 agreed the header is 8 bytes and carries both lengths; otherwise 6. A segment is "self-contained" when
// its payload holds whole envelopes; a larger envelope is split over several segments that are not.
import { crc32 as zlibCrc32 } from 'node:zlib';
import type { FrameFormat } from '../../frameAssembler';
import { CqlDecodeError } from './bodyReader';
import { decompressLz4Block } from './compression';
import { compressLz4Block, literalBlockBytes } from './lz4Block';

export const MAX_SEGMENT_PAYLOAD = 0x1ffff;
const CRC24_INIT = 0x875060;
const CRC24_POLY = 0x1974f0b;
/** Cassandra seeds the payload CRC32 with these four bytes (Crc.java, python-driver's CRC32_INITIAL). */
const CRC32_INITIAL = zlibCrc32(Buffer.from([0xfa, 0x2d, 0x55, 0xca]));

/** CRC24 of `length` header bytes at `at`, least significant byte first (the order they are on the wire). */
export function crc24(buf: Buffer, at: number, length: number): number {
  let crc = CRC24_INIT;
  for (let k = 0; k < length; k++) {
    crc ^= (buf[at + k] as number) << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
  }
  return crc & 0xffffff;
}

export const payloadCrc32 = (payload: Buffer): number => zlibCrc32(payload, CRC32_INITIAL);

const headerBytes = (lz4: boolean): number => (lz4 ? 8 : 6);

/** Why a segment stream cannot go on: the header's CRC24 does not match (its lengths cannot be trusted). */
export interface SegmentRefusal {
  message: string;
}

/** Segment framing for the FrameAssembler: header, payload and CRC32 trailer make one "frame". */
export function segmentFormat(lz4: boolean): FrameFormat<SegmentRefusal> {
  const hb = headerBytes(lz4);
  return {
    frameBytes(buf, at, available) {
      if (available < hb) return -1;
      return hb + ((buf[at] as number) | ((buf[at + 1] as number) << 8) | (((buf[at + 2] as number) & 1) << 16)) + 4;
    },
    refuse(buf, at) {
      const expected = buf.readUIntLE(at + hb - 3, 3);
      const actual = crc24(buf, at, hb - 3);
      if (expected === actual) return undefined;
      return {
        message: `CRC mismatch on segment header: received ${expected.toString(16)}, computed ${actual.toString(16)}`,
      };
    },
    allocate: (total) => Buffer.allocUnsafe(total),
  };
}

/** A received segment's payload (decompressed) and whether it holds whole envelopes. */
export interface Segment {
  payload: Buffer;
  selfContained: boolean;
}

/** Checks a whole segment's CRC32 and opens its payload; throws CqlDecodeError on a mismatch or a bad block. */
export function readSegment(buf: Buffer, lz4: boolean): Segment {
  const hb = headerBytes(lz4);
  const header = buf.readUIntLE(0, hb - 3);
  const length = header % 0x20000;
  const payload = buf.subarray(hb, hb + length);
  const expected = buf.readUInt32LE(hb + length);
  const actual = payloadCrc32(payload);
  if (expected !== actual)
    throw new CqlDecodeError(
      `CRC mismatch on segment payload: received ${expected.toString(16)}, computed ${actual.toString(16)}`,
    );
  if (!lz4) return { payload, selfContained: Math.floor(header / 0x20000) % 2 === 1 };
  const uncompressed = Math.floor(header / 0x20000) % 0x20000;
  const selfContained = Math.floor(header / 0x400000000) % 2 === 1;
  return { payload: uncompressed === 0 ? payload : decompressLz4Block(payload, 0, uncompressed), selfContained };
}

function segment(payload: Buffer, selfContained: boolean, lz4: boolean): Buffer {
  const hb = headerBytes(lz4);
  const body = lz4 ? compressLz4Block(payload) : payload;
  const out = Buffer.allocUnsafe(hb + body.length + 4);
  const flag = selfContained ? 1 : 0;
  // 40-bit header as a double: bit operators would truncate it to 32 bits.
  const header = lz4 ? body.length + payload.length * 0x20000 + flag * 0x400000000 : payload.length + flag * 0x20000;
  out.writeUIntLE(header, 0, hb - 3);
  out.writeUIntLE(crc24(out, 0, hb - 3), hb - 3, 3);
  body.copy(out, hb);
  out.writeUInt32LE(payloadCrc32(body), hb + body.length);
  return out;
}

/** Largest payload per segment: with lz4, room for the literal-only block an incompressible payload becomes. */
function payloadLimit(lz4: boolean): number {
  if (!lz4) return MAX_SEGMENT_PAYLOAD;
  let n = MAX_SEGMENT_PAYLOAD;
  while (literalBlockBytes(n) > MAX_SEGMENT_PAYLOAD) n -= 256;
  return n;
}

/**
 * Wraps envelopes in segments: as many whole envelopes per self-contained segment as fit, and an envelope larger
 * than one segment alone over several segments that are not self-contained.
 */
export function encodeSegments(envelopes: readonly Buffer[], lz4: boolean): Buffer[] {
  const limit = payloadLimit(lz4);
  const out: Buffer[] = [];
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flushBatch = (): void => {
    if (batch.length === 0) return;
    out.push(segment(batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch, batchBytes), true, lz4));
    batch = [];
    batchBytes = 0;
  };
  for (const envelope of envelopes) {
    if (envelope.length > limit) {
      flushBatch();
      for (let at = 0; at < envelope.length; at += limit)
        out.push(segment(envelope.subarray(at, Math.min(envelope.length, at + limit)), false, lz4));
      continue;
    }
    if (batchBytes + envelope.length > limit) flushBatch();
    batch.push(envelope);
    batchBytes += envelope.length;
  }
  flushBatch();
  return out;
}

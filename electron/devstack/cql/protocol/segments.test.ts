// v5 segment codec and LZ4 blocks, checked against bytes python-driver 3.25 produces for the same payload.
import { describe, expect, it } from 'vitest';
import { decompressLz4Block } from './compression';
import { compressLz4Block } from './lz4Block';
import { crc24, encodeSegments, MAX_SEGMENT_PAYLOAD, readSegment } from './segments';

const hello = Buffer.from('hello world'.repeat(20));

describe('v5 segments', () => {
  it('encodes a self-contained uncompressed segment byte for byte as python-driver does', () => {
    // python: SegmentCodec().encode(buf, b'hello world' * 20)
    const python = Buffer.concat([Buffer.from('dc000291e382', 'hex'), hello, Buffer.from('9d9fde60', 'hex')]);
    expect(encodeSegments([hello], false)).toEqual([python]);
    expect(crc24(python, 0, 3)).toBe(0x82e391);
    expect(readSegment(python, false)).toEqual({ payload: hello, selfContained: true });
  });

  it('reads an lz4 segment python-driver wrote', () => {
    const python = Buffer.from('1500b8010456701bbf68656c6c6f20776f726c640b00b950776f726c64538540ae', 'hex');
    expect(readSegment(python, true)).toEqual({ payload: hello, selfContained: true });
  });

  it('splits a large envelope over segments that are not self-contained', () => {
    const big = Buffer.alloc(300_000, 7);
    for (const lz4 of [false, true]) {
      const segments = encodeSegments([Buffer.from('small'), big], lz4);
      expect(segments.length).toBe(4);
      const read = segments.map((s) => readSegment(s, lz4));
      expect(read.map((s) => s.selfContained)).toEqual([true, false, false, false]);
      expect(Buffer.concat(read.slice(1).map((s) => s.payload)).equals(big)).toBe(true);
      for (const s of read) expect(s.payload.length).toBeLessThanOrEqual(MAX_SEGMENT_PAYLOAD);
    }
  });

  it('compresses to blocks that decode, and never grows past a literal-only block', () => {
    let seed = 1;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 50; t++) {
      const n = Math.floor(random() * 20_000);
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++)
        b[i] = random() < 0.6 && i > 20 ? (b[i - 1 - Math.floor(random() * 20)] as number) : Math.floor(random() * 30);
      const block = compressLz4Block(b);
      expect(decompressLz4Block(block, 0, n).equals(b)).toBe(true);
      expect(block.length).toBeLessThanOrEqual(n + Math.ceil(n / 255) + 2);
    }
  });
});

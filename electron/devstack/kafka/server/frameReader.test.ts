import { describe, expect, it } from 'vitest';
import { FrameReader } from './frameReader';

function frame(apiKey: number, bodyBytes: number, fill: number): Buffer {
  const out = Buffer.alloc(4 + 10 + bodyBytes, fill);
  out.writeInt32BE(out.length - 4, 0);
  out.writeInt16BE(apiKey, 4);
  return out;
}

function pushInPieces(reader: FrameReader, bytes: Buffer, piece: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += piece) frames.push(...reader.push(bytes.subarray(at, at + piece)).frames);
  return frames;
}

describe('FrameReader', () => {
  it('returns frames that span chunks intact, whatever the chunk size', () => {
    const input = Buffer.concat([frame(0, 5000, 1), frame(3, 20, 2), frame(0, 7000, 3)]);
    for (const piece of [1, 7, 1000, 4096, input.length]) {
      const frames = pushInPieces(new FrameReader(1 << 20), input, piece);
      expect(Buffer.concat(frames).equals(input)).toBe(true);
    }
  });
});

describe('FrameReader memory', () => {
  it('asks its allocator for frames that span chunks, with their API key, and returns views for the rest', () => {
    const asked: Array<{ bytes: number; apiKey: number }> = [];
    const reader = new FrameReader(1 << 20, (bytes, apiKey) => {
      asked.push({ bytes, apiKey });
      return Buffer.allocUnsafe(bytes);
    });
    const produce = frame(0, 9000, 1);
    const small = frame(3, 20, 2);
    const frames = pushInPieces(reader, Buffer.concat([small, produce]), small.length + 1000);
    expect(Buffer.concat(frames).equals(Buffer.concat([small, produce]))).toBe(true);
    expect(asked).toEqual([{ bytes: produce.length, apiKey: 0 }]);
  });
});

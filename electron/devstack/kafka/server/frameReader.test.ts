import { describe, expect, it } from 'vitest';
import { isTransient } from '../protocol/transientBuffers';
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

  it('reuses the Produce assembly memory only after the previous frame was released', () => {
    const reader = new FrameReader(1 << 20, true);
    const [first] = pushInPieces(reader, frame(0, 5000, 1), 1000);
    const [second] = pushInPieces(reader, frame(0, 5000, 2), 1000);
    expect(first && isTransient(first)).toBe(true);
    // Still lent out: the second frame must not overwrite the first.
    expect(first?.[100]).toBe(1);
    expect(second?.[100]).toBe(2);
    reader.release(first as Buffer);
    const [third] = pushInPieces(reader, frame(0, 5000, 3), 1000);
    expect(third?.buffer).toBe(first?.buffer);
  });

  it('assembles in fresh memory when reuse is off (storage keeps the frames)', () => {
    const [produce] = pushInPieces(new FrameReader(1 << 20), frame(0, 5000, 1), 1000);
    expect(produce && isTransient(produce)).toBe(false);
  });

  it('never lends reused memory for other APIs, whose handlers may keep parts of the request', () => {
    const [joinGroup] = pushInPieces(new FrameReader(1 << 20, true), frame(11, 5000, 1), 1000);
    expect(joinGroup && isTransient(joinGroup)).toBe(false);
  });
});

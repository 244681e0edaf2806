import { describe, expect, it } from 'vitest';
import { holdsPooledBuffers, recyclePooledBuffers, takePooledBuffer } from './bufferPool';

describe('buffer pool', () => {
  it('reuses memory only after it was recycled', () => {
    const first = takePooledBuffer(300_000);
    const second = takePooledBuffer(300_000);
    expect(second.buffer).not.toBe(first.buffer);
    expect(holdsPooledBuffers([Buffer.alloc(1), first])).toBe(true);
    recyclePooledBuffers([first]);
    expect(holdsPooledBuffers([first])).toBe(false);
    const third = takePooledBuffer(250_000);
    expect(third.buffer).toBe(first.buffer);
    expect(third.length).toBe(250_000);
    recyclePooledBuffers([second, third]);
  });

  it('recycling twice does not hand the same memory to two readers', () => {
    const a = takePooledBuffer(200_000);
    recyclePooledBuffers([a]);
    recyclePooledBuffers([a]);
    const b = takePooledBuffer(200_000);
    const c = takePooledBuffer(200_000);
    expect(b.buffer).not.toBe(c.buffer);
    recyclePooledBuffers([b, c]);
  });

  it('leaves small reads to ordinary allocation', () => {
    expect(holdsPooledBuffers([takePooledBuffer(1000)])).toBe(false);
  });
});

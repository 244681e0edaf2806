import { describe, expect, it } from 'vitest';
import { holdsReadBuffers, recycleReadBuffers, takeReadBuffer } from './readBufferPool';

describe('read buffer pool', () => {
  it('reuses memory only after it was recycled', () => {
    const first = takeReadBuffer(300_000);
    const second = takeReadBuffer(300_000);
    expect(second.buffer).not.toBe(first.buffer);
    expect(holdsReadBuffers([Buffer.alloc(1), first])).toBe(true);
    recycleReadBuffers([first]);
    expect(holdsReadBuffers([first])).toBe(false);
    const third = takeReadBuffer(250_000);
    expect(third.buffer).toBe(first.buffer);
    expect(third.length).toBe(250_000);
    recycleReadBuffers([second, third]);
  });

  it('recycling twice does not hand the same memory to two readers', () => {
    const a = takeReadBuffer(200_000);
    recycleReadBuffers([a]);
    recycleReadBuffers([a]);
    const b = takeReadBuffer(200_000);
    const c = takeReadBuffer(200_000);
    expect(b.buffer).not.toBe(c.buffer);
    recycleReadBuffers([b, c]);
  });

  it('leaves small reads to ordinary allocation', () => {
    expect(holdsReadBuffers([takeReadBuffer(1000)])).toBe(false);
  });
});

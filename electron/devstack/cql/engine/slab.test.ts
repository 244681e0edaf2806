import { describe, expect, it } from 'vitest';
import { keep, keepRaw, lastKept } from './slab';

describe('slab', () => {
  it('keeps copies, not views, of what it is given', () => {
    const src = Buffer.from('a row of bytes');
    const kept = keep(src);
    src.fill(0);
    expect(kept.toString()).toBe('a row of bytes');
    const at = keepRaw(Buffer.from('another'));
    expect(
      lastKept()
        .subarray(at, at + 7)
        .toString(),
    ).toBe('another');
  });

  it('holds rows in shared memory, which V8 does not count towards its full-GC trigger', () => {
    // Ordinary ArrayBuffers count as external memory: a million stored rows meant a mark-compact every 64 MiB.
    expect(keep(Buffer.from('x')).buffer).toBeInstanceOf(SharedArrayBuffer);
    keepRaw(Buffer.from('y'));
    expect(lastKept().buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

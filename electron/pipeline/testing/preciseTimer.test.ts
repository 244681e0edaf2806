import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { cancelPrecise, schedulePrecise } from './preciseTimer';

describe('precise timer', () => {
  it('fires each wake-up at or after its time, never before; a cancelled one never', async () => {
    const start = performance.now();
    const fired: { at: number; when: number }[] = [];
    let cancelledFired = false;
    const offsets = [0.3, 0.05, 2, 0.7, 5, 1.1];
    for (const o of offsets) schedulePrecise(start + o, () => fired.push({ at: start + o, when: performance.now() }));
    const cancelled = schedulePrecise(start + 1, () => (cancelledFired = true));
    expect(cancelled).not.toBeNull();
    cancelPrecise(cancelled!);
    await expect.poll(() => fired.length).toBe(offsets.length);
    for (const f of fired) expect(f.when).toBeGreaterThanOrEqual(f.at);
    expect(fired.map((f) => f.at)).toEqual([...fired.map((f) => f.at)].sort((a, b) => a - b));
    expect(cancelledFired).toBe(false);
  });

  it('keeps working across many short waits', async () => {
    let count = 0;
    const next = () => {
      if (++count < 200) schedulePrecise(performance.now() + 0.2, next);
    };
    schedulePrecise(performance.now() + 0.2, next);
    await expect.poll(() => count).toBe(200);
  });
});

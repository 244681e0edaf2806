import { describe, expect, it } from 'vitest';
import { MAX_TOKEN, MIN_TOKEN, splitRing } from './tokenRanges';

describe('splitRing', () => {
  it('covers the ring once: contiguous, first includes the minimum, last ends at the maximum', () => {
    for (const n of [1, 2, 7, 64]) {
      const ranges = splitRing(n);
      expect(ranges).toHaveLength(n);
      expect(ranges[0]).toMatchObject({ start: MIN_TOKEN, includeStart: true });
      expect(ranges.at(-1)!.end).toBe(MAX_TOKEN);
      for (let i = 1; i < n; i++) {
        expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
        expect(ranges[i]!.includeStart).toBe(false);
        expect(ranges[i]!.end > ranges[i]!.start).toBe(true);
      }
    }
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => splitRing(0)).toThrow(/count/);
    expect(() => splitRing(1.5)).toThrow(/count/);
  });
});

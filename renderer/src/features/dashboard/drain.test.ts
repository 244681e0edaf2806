import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '../../../../shared/metrics';
import { timeToDrain } from './drain';

const snap = (at: number, consumed: number, hw: number, lag: number) =>
  ({
    at: at * 1000,
    consumed: { total: consumed, perSecond: 0 },
    totalLag: lag,
    partitions: [{ highWatermark: hw }],
  }) as unknown as MetricsSnapshot;

describe('timeToDrain', () => {
  it('divides the lag by the net consume rate', () => {
    // 100/s consumed, 50/s arriving, 500 behind → 10 s.
    expect(timeToDrain([snap(0, 0, 1000, 1000), snap(10, 1000, 1500, 500)])).toBeCloseTo(10);
  });
  it('is 0 when caught up and Infinity when not draining', () => {
    expect(timeToDrain([snap(0, 0, 0, 0), snap(1, 10, 10, 0)])).toBe(0);
    expect(timeToDrain([snap(0, 0, 0, 10), snap(1, 10, 20, 20)])).toBe(Infinity);
  });
});

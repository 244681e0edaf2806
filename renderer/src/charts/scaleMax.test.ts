import { describe, expect, it } from 'vitest';
import { chartScale } from './scaleMax';

describe('chartScale', () => {
  it('a steady 5/s after a start-up spike of 3,000/s: the axis follows the 5/s, the spike is clipped and marked', () => {
    const values = [3000, 2800, 2500, 1200, ...Array.from({ length: 200 }, () => 5)];
    const scale = chartScale(values);
    expect(scale.clipped).toBe(true);
    expect(scale.max).toBeLessThan(10);
    expect(scale.peak).toBe(3000);
  });

  it('no clipping when the peak is ordinary, or when there are too few points to judge', () => {
    expect(chartScale(Array.from({ length: 100 }, (_, i) => 10 + (i % 7)))).toMatchObject({ clipped: false, max: 16 });
    expect(chartScale([3000, 5, 5, 5])).toMatchObject({ clipped: false, max: 3000 });
  });

  it('a level that rose for good stops being an outlier once it is the bulk of the window', () => {
    const values = [...Array.from({ length: 50 }, () => 5), ...Array.from({ length: 50 }, () => 3000)];
    expect(chartScale(values)).toMatchObject({ clipped: false, max: 3000 });
  });
});

import { describe, expect, it } from 'vitest';
import { axisTicks, niceCeil, stableMax } from './stableAxis';

describe('stable y-axis', () => {
  it('rounds up to 1/2/5 steps', () => {
    expect([0, 0.7, 3, 7, 11, 480].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 500]);
  });
  it('keeps the axis while values wiggle, grows at once, shrinks only after a big drop', () => {
    let max = stableMax(null, 40);
    expect(max).toBe(50);
    for (const v of [38, 45, 30, 42]) max = stableMax(max, v);
    expect(max).toBe(50);
    max = stableMax(max, 60);
    expect(max).toBe(100);
    max = stableMax(max, 30);
    expect(max).toBe(100);
    max = stableMax(max, 10);
    expect(max).toBe(20);
  });
  it('puts ticks on round values', () => {
    expect(axisTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axisTicks(2)).toEqual([0, 1, 2]);
    expect(axisTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatCount, formatDuration, formatRate } from './format';

describe('human formats', () => {
  it('formats counts, rates, bytes and times the way tiles show them', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatRate(12_400)).toBe('12.4K/s');
    expect(formatBytes(3_200_000)).toBe('3.2 MB');
    expect(formatAgo(0, 125_000)).toBe('2 min ago');
    expect(formatDuration(150)).toBe('2 min 30 s');
    expect(formatDuration(Infinity)).toBe('—');
  });
});

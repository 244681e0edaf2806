import { describe, expect, it } from 'vitest';
import { adaptBatchLimits, DEFAULT_BATCH_LIMITS } from './batchLimits';

describe('adaptBatchLimits', () => {
  it('shrinks the byte limit below the threshold a size warning names', () => {
    const next = adaptBatchLimits(
      DEFAULT_BATCH_LIMITS,
      ['Batch for [ks.created_users] is of size 2.4KiB, exceeding specified threshold of 2.0KiB by 409B.'],
      { bytes: 2000, partitions: 3 },
    );
    expect(next.maxBytes).toBeLessThanOrEqual(2.0 * 1024 * 0.9);
    expect(next.maxBytes).toBeLessThanOrEqual(2000 * 0.8);
    expect(next.maxPartitions).toBe(DEFAULT_BATCH_LIMITS.maxPartitions);
  });

  it('shrinks the partition limit below the count an unlogged-batch warning names', () => {
    const next = adaptBatchLimits(
      DEFAULT_BATCH_LIMITS,
      [
        'Unlogged batch covering 6 partitions detected against table [ks.created_users]. You should use a logged batch for atomicity, or asynchronous writes for performance.',
      ],
      { bytes: 3000, partitions: 6 },
    );
    expect(next).toEqual({ maxBytes: DEFAULT_BATCH_LIMITS.maxBytes, maxPartitions: 5 });
  });

  it('keeps the same limits for warnings about something else, and never goes below one', () => {
    expect(
      adaptBatchLimits(DEFAULT_BATCH_LIMITS, ['Aggregation query used without partition key'], {
        bytes: 1,
        partitions: 1,
      }),
    ).toBe(DEFAULT_BATCH_LIMITS);
    let limits = DEFAULT_BATCH_LIMITS;
    for (let i = 0; i < 100; i++)
      limits = adaptBatchLimits(
        limits,
        [
          'Unlogged batch covering 2 partitions detected',
          'Batch for [a.b] is of size 9B, exceeding specified threshold of 1B by 8B.',
        ],
        {
          bytes: 9,
          partitions: 2,
        },
      );
    expect(limits).toEqual({ maxBytes: 1, maxPartitions: 1 });
  });
});

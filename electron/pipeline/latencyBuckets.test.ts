import { describe, expect, it } from 'vitest';
import { createLatencyBuckets } from './latencyBuckets';

describe('latency buckets', () => {
  it('counts each sample into the first bound it does not pass, the rest above every bound, then starts afresh', () => {
    const b = createLatencyBuckets([1, 10]);
    for (const ms of [0.5, 1, 3, 10, 11, 500]) b.observe(ms);
    expect(b.take()).toEqual({ boundsMs: [1, 10], counts: [2, 2, 2], sumMs: 525.5, count: 6 });
    expect(b.take()).toEqual({ boundsMs: [1, 10], counts: [0, 0, 0], sumMs: 0, count: 0 });
  });
});

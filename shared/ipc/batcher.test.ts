import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher, type EventFrame } from './batcher';

describe('createEventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one frame per interval whatever the event rate, keeping the newest snapshot and all list items', () => {
    const frames: EventFrame[][] = [];
    const batcher = createEventBatcher({ intervalMs: 100, flush: (f) => frames.push(f) });
    for (let ms = 0; ms < 1000; ms++) {
      batcher.push('pipeline:metrics', { at: ms });
      batcher.push('pipeline:users', [{ n: ms }]);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(frames.length).toBeLessThanOrEqual(11);
    const last = frames.at(-1) ?? [];
    expect(last.find(([c]) => c === 'pipeline:metrics')?.[1]).toEqual({ at: 999 });
    const users = frames.flatMap((f) => f.filter(([c]) => c === 'pipeline:users').flatMap(([, p]) => p as unknown[]));
    expect(users).toHaveLength(1000);
    batcher.close();
  });

  it('caps appended lists to the newest items', () => {
    const frames: EventFrame[][] = [];
    const batcher = createEventBatcher({ intervalMs: 100, maxItems: 3, flush: (f) => frames.push(f) });
    batcher.push('logs:lines', [1]);
    vi.advanceTimersByTime(0);
    batcher.push('logs:lines', [2, 3]);
    batcher.push('logs:lines', [4, 5]);
    vi.advanceTimersByTime(100);
    expect(frames.map((f) => f[0]?.[1])).toEqual([[1], [3, 4, 5]]);
  });

  it('rejects channels the contract does not have', () => {
    const batcher = createEventBatcher({ flush: () => undefined });
    expect(() => batcher.push('pipeline:nope', 1)).toThrow(/unknown event channel/);
  });
});

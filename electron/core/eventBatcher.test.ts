import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoreEventBatcher, USERS_PER_EVENT } from './eventBatcher';
import type { RecentUser } from './types';

const user = (n: number) =>
  ({ row: { id: String(n) }, writtenAt: n, partition: 0, offset: String(n) }) as unknown as RecentUser;

describe('core event batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends at most one event per kind per interval, lists concatenated and capped, newest kept', () => {
    vi.useFakeTimers();
    const batcher = createCoreEventBatcher(100, 5);
    const got: RecentUser[][] = [];
    batcher.on('users', (u) => got.push(u));
    for (let i = 0; i < 1000; i++) batcher.push('users', [user(i)]);
    vi.advanceTimersByTime(0);
    expect(got).toHaveLength(1);
    expect(got[0]!.map((u) => u.offset)).toEqual(['995', '996', '997', '998', '999']);
    for (let i = 0; i < 10; i++) batcher.push('users', [user(i)]);
    vi.advanceTimersByTime(50);
    expect(got).toHaveLength(1);
    vi.advanceTimersByTime(60);
    expect(got).toHaveLength(2);
    batcher.close();
  });

  it('sends users no more than the live feed shows, whatever the list cap', () => {
    vi.useFakeTimers();
    const batcher = createCoreEventBatcher(100, 200);
    const got: RecentUser[][] = [];
    batcher.on('users', (u) => got.push(u));
    for (let i = 0; i < 3000; i++) batcher.push('users', [user(i)]);
    vi.advanceTimersByTime(0);
    expect(got[0]).toHaveLength(USERS_PER_EVENT);
    expect(got[0]!.at(-1)!.offset).toBe('2999');
    batcher.close();
  });

  it('keeps only the latest payload of state-like events and skips kinds nobody listens to', () => {
    vi.useFakeTimers();
    const batcher = createCoreEventBatcher(100);
    const producer: number[] = [];
    batcher.on('producer', (p) => producer.push(p.sent));
    for (let i = 1; i <= 50; i++) {
      batcher.push('producer', { running: true, ratePerSecond: 1, badRatio: 0, sent: i, targetIsExternal: false });
      batcher.push('logs', [{ at: i, level: 'info', message: 'x' }]);
    }
    vi.advanceTimersByTime(1000);
    expect(producer).toEqual([50]);
    batcher.close();
  });
});

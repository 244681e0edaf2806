import { describe, expect, it } from 'vitest';
import { createInFlightLimiter } from './inFlightLimiter';

describe('in-flight limiter', () => {
  it('holds the (limit+1)th acquire until a release, in order', async () => {
    const limiter = createInFlightLimiter(2);
    expect(await limiter.acquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const order: number[] = [];
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    limiter.release();
    await third;
    expect(order).toEqual([3]);
    expect(limiter.inFlight).toBe(2);
    limiter.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('idle() resolves once everything is released; close() wakes waiters with false', async () => {
    const limiter = createInFlightLimiter(1);
    await limiter.acquire();
    const waiting = limiter.acquire();
    let idle = false;
    const idlePromise = limiter.idle().then(() => (idle = true));
    limiter.close();
    expect(await waiting).toBe(false);
    expect(idle).toBe(false);
    limiter.release();
    await idlePromise;
    expect(idle).toBe(true);
    expect(await limiter.acquire()).toBe(false);
  });

  it('rejects a bad limit and a release without acquire', () => {
    expect(() => createInFlightLimiter(0)).toThrow(/limit/);
    expect(() => createInFlightLimiter(1).release()).toThrow(/without acquire/);
  });
});

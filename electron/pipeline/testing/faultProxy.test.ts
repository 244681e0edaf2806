// The fault proxy over real TCP, in front of an echo server that notes when bytes reach it.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dial, startEcho, type Client, type Echo } from './echoServer';
import { createFaultProxy, type FaultProxy, type FaultProxyOptions } from './faultProxy';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: FaultProxyOptions = {}): Promise<{ echo: Echo; proxy: FaultProxy }> {
  const echo = await startEcho();
  cleanups.push(() => echo.close());
  const proxy = await createFaultProxy({ target: echo.address, ...options });
  cleanups.push(() => proxy.close());
  return { echo, proxy };
}

const rtt = async (client: Client): Promise<number> => {
  const before = client.data().length;
  const t0 = performance.now();
  client.socket.write('x');
  await expect.poll(() => client.data().length, { interval: 1 }).toBe(before + 1);
  return performance.now() - t0;
};

describe('fault proxy', () => {
  it('adds the latency of each direction, never less', async () => {
    const { echo, proxy } = await setup({ latencyMs: { up: 40, down: 60 } });
    const client = await dial(proxy.address);
    const sentAt = performance.now();
    client.socket.write('ping');
    await expect.poll(() => client.data().toString()).toBe('ping');
    const total = performance.now() - sentAt;
    // One way up, read where the echo server received it (same clock, same process).
    expect(echo.firstAt()! - sentAt).toBeGreaterThanOrEqual(40);
    expect(total).toBeGreaterThanOrEqual(100);
    expect(total).toBeLessThan(2_000);

    proxy.set({ latencyMs: 5 });
    const fast = await rtt(client);
    expect(fast).toBeGreaterThanOrEqual(10);
    expect(fast).toBeLessThan(1_000);
  });

  it('keeps order and content under random chunking, latency and jitter', async () => {
    const { proxy } = await setup({ latencyMs: 1, jitterMs: { up: 4, down: 2 } });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 20_000 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        async (chunks, yields) => {
          const client = await dial(proxy.address);
          const sent = Buffer.concat(chunks);
          for (const [i, chunk] of chunks.entries()) {
            client.socket.write(chunk);
            // Some writes wait a turn so they go out as their own segments; others coalesce.
            if (yields[i]) await new Promise((r) => setImmediate(r));
          }
          await expect.poll(() => client.data().length, { timeout: 20_000, interval: 5 }).toBe(sent.length);
          expect(client.data().equals(sent)).toBe(true);
          client.socket.destroy();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('holds a direction to its bandwidth, roughly', async () => {
    const rate = 200_000;
    const { echo, proxy } = await setup({ bandwidthBytesPerSec: { up: rate, down: 0 } });
    const client = await dial(proxy.address);
    const size = 300_000;
    const t0 = performance.now();
    client.socket.write(Buffer.alloc(size, 7));
    await expect.poll(() => client.data().length, { timeout: 20_000, interval: 10 }).toBe(size);
    const seconds = (performance.now() - t0) / 1000;
    // Up to 20 ms of burst credit and one 16 KiB slice of debt, then the rate.
    expect(seconds).toBeGreaterThanOrEqual((size - rate / 50 - 16 * 1024) / rate);
    expect(seconds).toBeLessThan(10);
    expect(echo.received()).toBe(size);
    expect(proxy.stats().bytes.up).toEqual({ received: size, forwarded: size });
  });

  it('reset gives the client ECONNRESET', async () => {
    const { proxy } = await setup();
    const client = await dial(proxy.address);
    client.socket.write('hello');
    await expect.poll(() => client.data().toString()).toBe('hello');
    expect(proxy.connections()).toHaveLength(1);
    proxy.reset();
    await expect.poll(() => client.error()?.code).toBe('ECONNRESET');
    await expect.poll(() => proxy.connections()).toHaveLength(0);
    // The proxy itself keeps serving.
    const again = await dial(proxy.address);
    again.socket.write('again');
    await expect.poll(() => again.data().toString()).toBe('again');
  });

  it('stall reads but delivers nothing, in either direction, until it is lifted; memory stays bounded', async () => {
    const maxQueuedBytes = 64 * 1024;
    const { echo, proxy } = await setup({ maxQueuedBytes });
    const client = await dial(proxy.address);
    proxy.stall(true);
    client.socket.write('hello');
    await expect.poll(() => proxy.stats().bytes.up.received).toBe(5);
    // Absence can only be observed over a window: the bytes are in the proxy and have had time to go on.
    await new Promise((r) => setTimeout(r, 100));
    expect(echo.received()).toBe(0);

    // A sender that keeps going is paused once the queue is full, as a dead link's receive window would.
    const big = Buffer.alloc(4 * 1024 * 1024, 1);
    client.socket.write(big);
    await expect.poll(() => proxy.connections()[0]?.queued.up ?? 0).toBeGreaterThan(maxQueuedBytes);
    expect(proxy.connections()[0]!.queued.up).toBeLessThan(maxQueuedBytes + 256 * 1024);

    proxy.stall(false);
    await expect.poll(() => client.data().length, { timeout: 20_000, interval: 10 }).toBe(5 + big.length);
    expect(client.data().subarray(0, 5).toString()).toBe('hello');
  });

  it('stall holds the answer of a request already at the server', async () => {
    // The answer waits 300 ms in the proxy; the stall comes while it waits, and the window outlasts the wait.
    const { proxy } = await setup({ latencyMs: { up: 0, down: 300 } });
    const client = await dial(proxy.address);
    client.socket.write('question');
    await expect.poll(() => proxy.stats().bytes.down.received, { interval: 1 }).toBe(8);
    proxy.stall(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(client.data().length).toBe(0);
    proxy.stall(false);
    await expect.poll(() => client.data().toString()).toBe('question');
  });

  it('passes a half-close on after the last byte', async () => {
    const { proxy } = await setup({ latencyMs: 10 });
    const client = await dial(proxy.address);
    client.socket.end('bye');
    // The echo server ends its side when ours ends (pipe), after echoing.
    await expect.poll(() => client.closed()).toBe(true);
    expect(client.data().toString()).toBe('bye');
    expect(client.error()).toBeUndefined();
  });

  it('a client of an unreachable target is reset', async () => {
    const proxy = await createFaultProxy({ target: '127.0.0.1:1' });
    cleanups.push(() => proxy.close());
    const client = await dial(proxy.address);
    await expect.poll(() => client.closed()).toBe(true);
    expect(client.error()?.code).toBe('ECONNRESET');
    expect(proxy.stats().lastErrors.join()).toMatch(/ECONNREFUSED/);
  });

  it('close ends every connection and stops listening; twice is fine', async () => {
    const { proxy } = await setup({ latencyMs: 1 });
    const a = await dial(proxy.address);
    const b = await dial(proxy.address);
    await expect.poll(() => proxy.connections()).toHaveLength(2);
    await Promise.all([proxy.close(), proxy.close()]);
    await expect.poll(() => a.closed() && b.closed()).toBe(true);
    await expect(dial(proxy.address)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.close();
  });

  it('names a bad option', async () => {
    await expect(createFaultProxy({ target: 'nowhere' })).rejects.toThrow(/option "target"/);
    await expect(createFaultProxy({ latencyMs: -1 })).rejects.toThrow(/option "latencyMs"/);
    await expect(createFaultProxy({ maxQueuedBytes: 1 })).rejects.toThrow(/option "maxQueuedBytes"/);
  });
});

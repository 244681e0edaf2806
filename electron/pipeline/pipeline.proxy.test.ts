// The pipeline against the embedded stack behind fault proxies: a half-dead link to the store (the proxy's stall, as a
// cable pulled without a reset) and a slow, narrow link. What a user sees: the state says so, the process stays up,
// and in the end every produced user is in the table once.
import { afterEach, describe, expect, it } from 'vitest';
import { createPipeline } from './pipeline';
import type { Pipeline } from './pipelineTypes';
import { makeMessages, produceValues, testSettings } from './testing/fixtures';
import { startProxiedStack, type ProxiedStack } from './testing/proxiedStack';
import { createUsersQuery, type UsersQuery } from './usersQuery';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function proxiedStack(options: Parameters<typeof startProxiedStack>[0]): Promise<ProxiedStack> {
  const stack = await startProxiedStack(options);
  cleanups.push(() => stack.close());
  return stack;
}

function pipelineFor(settings: ReturnType<typeof testSettings>): { pipeline: Pipeline; written: () => number } {
  const pipeline = createPipeline({ settings });
  cleanups.push(() => pipeline.close());
  let written = 0;
  pipeline.on('user', () => void written++);
  return { pipeline, written: () => written };
}

function usersOf(settings: ReturnType<typeof testSettings>): UsersQuery {
  const users = createUsersQuery({ settings: settings.cassandra });
  cleanups.push(() => users.close());
  return users;
}

/** Every id in the table, once per row. */
async function rowIds(users: UsersQuery): Promise<string[]> {
  const ids: string[] = [];
  let pageState: string | null = null;
  do {
    const page = await users.page({ pageSize: 1000, pageState });
    for (const row of page.rows) ids.push(row.id);
    pageState = page.nextPageState;
  } while (pageState);
  return ids;
}

describe('pipeline through fault proxies', () => {
  it('a stalled store link: Cassandra reported unavailable, the pipeline stays up, and after it every user lands once', async () => {
    const proxied = await proxiedStack({});
    const settings = testSettings(proxied.kafka.address, proxied.cql.address);
    const before = makeMessages(1_000, 0, 61);
    const during = makeMessages(1_000, 0, 62);
    const { pipeline, written } = pipelineFor(settings);
    const seen: string[] = [];
    pipeline.on('status', (s) => seen.push(`${s.state}/${s.cassandra.state}`));
    await pipeline.start();
    await produceValues(proxied.kafka.address, settings.kafka.topic, before.good);
    await expect.poll(written, { timeout: 30_000 }).toBeGreaterThan(0);

    // Half-dead: connections stay open, bytes go in, nothing comes back, no reset.
    proxied.cql.stall(true);
    await produceValues(proxied.kafka.address, settings.kafka.topic, during.good);
    await expect.poll(() => pipeline.status().cassandra.state, { timeout: 60_000, interval: 100 }).toBe('down');
    expect(pipeline.status().reason).toMatch(/^Cassandra unavailable/);
    expect(pipeline.status().state).not.toBe('error');
    expect(pipeline.status().kafka.state).toBe('up');
    const stuckAt = written();

    proxied.cql.stall(false);
    const users = usersOf(settings);
    const expected = new Set([...before.ids, ...during.ids]);
    await expect.poll(() => users.countExactly(), { timeout: 90_000, interval: 500 }).toBe(expected.size);
    await expect.poll(() => pipeline.status().cassandra.state, { timeout: 30_000 }).toBe('up');
    expect(pipeline.status().state).toBe('running');
    expect(written()).toBeGreaterThan(stuckAt);
    const ids = await rowIds(users);
    expect(ids).toHaveLength(expected.size);
    expect(new Set(ids)).toEqual(expected);
    expect(seen).toContain('connecting/down');
  }, 180_000);

  it('a slow, narrow link (20 ms each way with jitter, 1 MB/s) on both sides: every user arrives once', async () => {
    const slow = { latencyMs: 20, jitterMs: 10, bandwidthBytesPerSec: 1_000_000 };
    const proxied = await proxiedStack({ kafka: slow, cql: slow });
    const settings = testSettings(proxied.kafka.address, proxied.cql.address);
    const { good, ids: expected } = makeMessages(2_000, 0, 63);
    await produceValues(proxied.kafka.address, settings.kafka.topic, good);
    const { pipeline } = pipelineFor(settings);
    await pipeline.start();
    const users = usersOf(settings);
    await expect.poll(() => users.countExactly(), { timeout: 90_000, interval: 500 }).toBe(expected.size);
    const ids = await rowIds(users);
    expect(ids).toHaveLength(expected.size);
    expect(new Set(ids)).toEqual(expected);
    expect(pipeline.status().state).toBe('running');
  }, 180_000);
  it('connections reset on both links while users flow: the clients reconnect and every user lands once', async () => {
    const proxied = await proxiedStack({ kafka: { latencyMs: 0.5 }, cql: { latencyMs: 0.5 } });
    const settings = testSettings(proxied.kafka.address, proxied.cql.address);
    const { good, ids: expected } = makeMessages(3_000, 0, 64);
    const { pipeline, written } = pipelineFor(settings);
    await pipeline.start();
    const producing = produceValues(proxied.kafka.address, settings.kafka.topic, good);
    // Three times, once more users were written: an RST on every open connection, both links (a load balancer or a
    // firewall dropping its state mid-stream).
    for (let round = 1; round <= 3; round++) {
      const seen = written();
      await expect.poll(written, { timeout: 30_000, interval: 20 }).toBeGreaterThan(seen);
      proxied.cql.reset();
      proxied.kafka.reset();
    }
    await producing.catch(() => produceValues(proxied.kafka.address, settings.kafka.topic, good));
    const users = usersOf(settings);
    await expect.poll(() => users.countExactly(), { timeout: 90_000, interval: 500 }).toBe(expected.size);
    const ids = await rowIds(users);
    expect(ids).toHaveLength(expected.size);
    expect(new Set(ids)).toEqual(expected);
    await expect.poll(() => pipeline.status().state, { timeout: 30_000 }).toBe('running');
  }, 180_000);
});

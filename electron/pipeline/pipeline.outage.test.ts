// The CQL store stopped for 10 s mid-run and started again, then the broker restarted: the states say so, and nothing
// is lost. Both servers keep their data dirs and ports across the restarts, as a real node would.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCqlServer } from '../devstack/cql';
import { createKafkaBroker } from '../devstack/kafka';
import { startOnStablePort } from '../devstack/testing/ports';
import { createPipeline } from './pipeline';
import { makeMessages, produceValues, testSettings } from './testing/fixtures';
import { createUsersQuery } from './usersQuery';

describe('pipeline through outages', () => {
  it('Cassandra down 10 s, then a broker restart: states show it, every user lands', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outage-'));
    // Ports that stay ours while the servers are down (see testing/ports.ts).
    let broker = await startOnStablePort((port) =>
      createKafkaBroker({ host: '127.0.0.1', port, dataDir: join(dir, 'kafka') }),
    );
    let cql = await startOnStablePort((port) =>
      createCqlServer({ host: '127.0.0.1', port, dataDir: join(dir, 'cql') }),
    );
    const kafkaPort = broker.port;
    const cqlPort = cql.port;
    const settings = testSettings(`127.0.0.1:${kafkaPort}`, `127.0.0.1:${cqlPort}`);
    const first = makeMessages(3_000, 0, 41);
    const second = makeMessages(1_000, 0, 42);
    const pipeline = createPipeline({ settings });
    const seen: string[] = [];
    pipeline.on('status', (s) => seen.push(`${s.state}/${s.kafka.state}/${s.cassandra.state}`));
    await pipeline.start();

    await cql.close();
    await produceValues(settings.kafka.brokers[0]!, settings.kafka.topic, first.good);
    await expect.poll(() => pipeline.status().state, { timeout: 30_000 }).toBe('connecting');
    expect(pipeline.status().cassandra.state).toBe('down');
    expect(pipeline.status().reason).toMatch(/^Cassandra unavailable/);
    await new Promise((r) => setTimeout(r, 10_000)); // the outage itself: ten seconds without Cassandra
    cql = await createCqlServer({ host: '127.0.0.1', port: cqlPort, dataDir: join(dir, 'cql') });
    await expect.poll(() => pipeline.status().state, { timeout: 60_000 }).toBe('running');

    const users = createUsersQuery({ settings: settings.cassandra });
    await expect.poll(() => users.countExactly(), { timeout: 60_000, interval: 500 }).toBe(first.ids.size);

    await broker.close();
    await expect.poll(() => pipeline.status().kafka.state, { timeout: 60_000 }).toBe('down');
    broker = await createKafkaBroker({ host: '127.0.0.1', port: kafkaPort, dataDir: join(dir, 'kafka') });
    await produceValues(settings.kafka.brokers[0]!, settings.kafka.topic, second.good);
    await expect
      .poll(() => users.countExactly(), { timeout: 90_000, interval: 500 })
      .toBe(first.ids.size + second.ids.size);
    await expect.poll(() => pipeline.status().state, { timeout: 30_000 }).toBe('running');
    expect(seen).toEqual(expect.arrayContaining(['connecting/up/down', 'running/up/up']));
    expect(seen.some((s) => s.includes('/down/'))).toBe(true);

    await users.close();
    await pipeline.close();
    await cql.close();
    await broker.close();
  }, 240_000);
});

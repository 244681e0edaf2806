// kafkajs and cassandra-driver through the fault proxy: the traffic really goes through it. Kafka clients reconnect
// to the address Metadata advertises, so the broker advertises the proxy; the CQL driver keeps its contact point.
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger';
import { launchDevstackProcess } from './devstackHost';
import { startDevstack } from '../devstack';
import { createFaultProxy, type FaultProxy } from '../pipeline/testing/faultProxy';
import { kafkaFor } from '../pipeline/testing/fixtures';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const VALUE = 'x'.repeat(700);
const COUNT = 500;

/** Produces COUNT values through `brokers` and reads them back; the payload bytes each way. */
async function roundTrip(brokers: string, topic: string): Promise<number> {
  const kafka = kafkaFor(brokers);
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  cleanups.push(() => producer.disconnect());
  for (let i = 0; i < COUNT; i += 100)
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 100 }, () => ({ value: VALUE })) });
  const consumer = kafka.consumer({ groupId: `g_${topic}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  cleanups.push(() => consumer.disconnect());
  let read = 0;
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async () => void read++ });
  await expect.poll(() => read, { timeout: 30_000 }).toBe(COUNT);
  return COUNT * VALUE.length;
}

async function proxy(): Promise<FaultProxy> {
  const p = await createFaultProxy({ latencyMs: 1 });
  cleanups.push(() => p.close());
  return p;
}

describe('clients through the fault proxy', () => {
  it('kafkajs produces and consumes through it when the broker advertises the proxy', async () => {
    const kafkaProxy = await proxy();
    // In a child process, as the benchmark runs it: the option travels through the launcher.
    const stack = await launchDevstackProcess({ kafkaAdvertisedPort: kafkaProxy.port, logger: silentLogger });
    cleanups.push(() => stack.close());
    kafkaProxy.set({ target: stack.kafka });
    const payload = await roundTrip(kafkaProxy.address, `through_${Date.now()}`);
    const { bytes } = kafkaProxy.stats();
    expect(bytes.up.forwarded).toBeGreaterThan(payload);
    expect(bytes.down.forwarded).toBeGreaterThan(payload);
  });

  it('without the advertised port, kafkajs goes around the proxy (what the option is for)', async () => {
    const kafkaProxy = await proxy();
    const stack = await startDevstack({});
    cleanups.push(() => stack.close());
    kafkaProxy.set({ target: stack.kafka.address });
    const payload = await roundTrip(kafkaProxy.address, `around_${Date.now()}`);
    // Only the bootstrap Metadata went through it.
    expect(kafkaProxy.stats().bytes.up.forwarded).toBeLessThan(payload / 10);
  });

  it('cassandra-driver keeps to the contact point: every connection and every write goes through the proxy', async () => {
    const stack = await startDevstack({});
    cleanups.push(() => stack.close());
    const cqlProxy = await proxy();
    cqlProxy.set({ target: stack.cql.address });
    const client = new cassandra.Client({
      contactPoints: [cqlProxy.address],
      localDataCenter: 'datacenter1',
      protocolOptions: { port: cqlProxy.port },
      socketOptions: { connectTimeout: 10_000 },
    });
    cleanups.push(() => client.shutdown());
    await client.connect();
    const ks = `proxy_${process.pid}_${Date.now()}`;
    await client.execute(
      `CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(`CREATE TABLE ${ks}.t (id int PRIMARY KEY, v text)`);
    const rows = 300;
    await cassandra.concurrent.executeConcurrent(
      client,
      `INSERT INTO ${ks}.t (id, v) VALUES (?, ?)`,
      Array.from({ length: rows }, (_, i) => [i, VALUE]),
      { concurrencyLevel: 32 },
    );
    const count = await client.execute(`SELECT COUNT(*) FROM ${ks}.t`);
    expect(Number(count.first().get(0))).toBe(rows);

    // One host, known by the proxy's address (system.local names 127.0.0.1 but the driver keeps the contact point).
    expect(client.hosts.keys()).toEqual([cqlProxy.address]);
    expect(
      client
        .getState()
        .getConnectedHosts()
        .map((h) => h.address),
    ).toEqual([cqlProxy.address]);
    expect(cqlProxy.stats().bytes.up.forwarded).toBeGreaterThan(rows * VALUE.length);
    expect(cqlProxy.connections().length).toBeGreaterThanOrEqual(
      client.getState().getOpenConnections(client.hosts.values()[0]!),
    );
    // With the proxy stalled nothing gets through, so no connection goes around it.
    cqlProxy.stall(true);
    await expect(client.execute(`SELECT v FROM ${ks}.t WHERE id = 1`, [], { readTimeout: 1_000 })).rejects.toThrow(
      /did not reply before timeout/,
    );
    cqlProxy.stall(false);
    const row = await client.execute(`SELECT v FROM ${ks}.t WHERE id = 1`, [], { readTimeout: 10_000 });
    expect(row.first().get('v')).toBe(VALUE);
  });
});

// `userstream run --metrics-port 0` in a child process against a broker and CQL store in this process: /metrics is
// Prometheus text whose counters move as users flow, /readyz says 503 naming Cassandra while the store is down and 200
// once it is back.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCqlServer } from '../../devstack/cql';
import { createKafkaBroker } from '../../devstack/kafka';
import { startOnStablePort } from '../../devstack/testing/ports';
import { makeMessages, produceValues, testSettings } from '../../pipeline/testing/fixtures';
import { spawnWorker } from '../testing/workerProcess';

/** `name{labels} value` lines of a Prometheus text page, keyed by name with labels. */
function parseProm(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    else if (line && !line.startsWith('#')) {
      const at = line.lastIndexOf(' ');
      samples.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  }
  return { samples, types };
}

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, text: await r.text() };
};

describe('userstream run --metrics-port', () => {
  it('serves moving Prometheus counters, and /readyz follows Cassandra', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-metrics-'));
    const broker = await createKafkaBroker({ host: '127.0.0.1', port: 0 });
    let cql = await startOnStablePort((port) =>
      createCqlServer({ host: '127.0.0.1', port, dataDir: join(dir, 'cql') }),
    );
    const cqlPort = cql.port;
    const settings = testSettings(`127.0.0.1:${broker.port}`, `127.0.0.1:${cqlPort}`);
    const worker = spawnWorker([
      ...['--brokers', settings.kafka.brokers[0]!, '--cassandra', `127.0.0.1:${cqlPort}`],
      ...['--topic', settings.kafka.topic, '--group', settings.kafka.groupId],
      ...['--keyspace', settings.cassandra.keyspace, '--data-dir', join(dir, 'data'), '--metrics-port', '0'],
    ]);
    try {
      const url = await worker.metricsUrl;
      expect((await get(`${url}/healthz`)).status).toBe(200);
      await expect.poll(async () => (await get(`${url}/readyz`)).status, { timeout: 30_000 }).toBe(200);

      const first = makeMessages(500, 20, 61);
      await produceValues(settings.kafka.brokers[0]!, settings.kafka.topic, [...first.good, ...first.bad]);
      const scrape = async () => parseProm((await get(`${url}/metrics`)).text);
      await expect
        .poll(async () => (await scrape()).samples.get('userstream_written_total'), { timeout: 30_000 })
        .toBe(500);
      const page = await scrape();
      expect(page.samples.get('userstream_consumed_total')).toBe(520);
      expect(page.samples.get('userstream_rejected_total')).toBe(20);
      expect(page.types.get('userstream_dead_lettered_total')).toBe('counter');
      expect(page.types.get('userstream_partition_lag')).toBe('gauge');
      expect(page.types.get('userstream_in_flight_writes')).toBe('gauge');
      expect(page.types.get('userstream_end_to_end_latency_seconds')).toBe('histogram');
      expect(page.types.get('userstream_write_latency_seconds')).toBe('histogram');
      expect(page.samples.get('userstream_end_to_end_latency_seconds_count')).toBe(500);
      expect(page.samples.get('userstream_write_latency_seconds_bucket{le="+Inf"}')).toBe(500);
      expect(page.samples.get('process_cpu_seconds_total')).toBeGreaterThan(0);
      expect([...page.samples.keys()].some((k) => k.startsWith('userstream_partition_lag{'))).toBe(true);

      await cql.close();
      await produceValues(settings.kafka.brokers[0]!, settings.kafka.topic, makeMessages(50, 0, 62).good);
      await expect.poll(async () => (await get(`${url}/readyz`)).status, { timeout: 30_000 }).toBe(503);
      expect((await get(`${url}/readyz`)).text).toMatch(/^Cassandra unavailable/);

      cql = await createCqlServer({ host: '127.0.0.1', port: cqlPort, dataDir: join(dir, 'cql') });
      await expect.poll(async () => (await get(`${url}/readyz`)).status, { timeout: 60_000 }).toBe(200);
      // At least: a write in flight when the store went away may be written twice (an upsert), and both count.
      await expect
        .poll(async () => (await scrape()).samples.get('userstream_written_total') ?? 0, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(550);
    } finally {
      // The drain itself is run.kill.test's subject; here a worker that lingers after its store restarted is killed.
      worker.child.kill('SIGTERM');
      const lingering = setTimeout(() => worker.child.kill('SIGKILL'), 20_000);
      await worker.exited;
      clearTimeout(lingering);
      await cql.close();
      await broker.close();
    }
  }, 120_000);
});

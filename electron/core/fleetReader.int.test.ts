// Three `userstream run` workers in separate processes share one group on the embedded stack, watched by the fleet
// reader: all three listed with partitions adding up to the topic's; one killed with SIGKILL is stale within 15 s and
// gone once its session timed out, its partitions taken over by the other two; every user produced before and after
// the kill is in the table exactly once; one stopped cleanly is gone; the monitor is never a member of the group.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetView } from '../../shared/fleet';
import { silentLogger } from '../../shared/logger';
import { spawnWorker, type WorkerProcess } from '../cli/testing/workerProcess';
import { startDevstack, type Devstack } from '../devstack';
import { kafkaFor, makeMessages, produceValues, testSettings } from '../pipeline/testing/fixtures';
import { createUsersQuery } from '../pipeline/usersQuery';
import type { Settings } from '../../shared/settings';
import { startFleetReader } from './fleetReader';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

/** Every row id of the table, in token order (a duplicate id would show as a longer list than set). */
async function tableIds(settings: Settings['cassandra']): Promise<string[]> {
  const users = createUsersQuery({ settings });
  try {
    const ids: string[] = [];
    let pageState: string | null = null;
    do {
      const page = await users.page({ pageSize: 1000, pageState });
      ids.push(...page.rows.map((r) => r.id));
      pageState = page.nextPageState;
    } while (pageState);
    return ids;
  } catch {
    return [];
  } finally {
    await users.close().catch(() => undefined);
  }
}

describe('fleet reader', () => {
  it('three workers; SIGKILL of one: stale, gone, partitions taken over, every user once', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const before = makeMessages(300, 0, 81);
    const after = makeMessages(300, 0, 82);
    await produceValues(stack.kafka.address, settings.kafka.topic, before.good);
    const workers: WorkerProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), `fleet-${i}-`));
      workers.push(
        spawnWorker([
          ...['--brokers', stack.kafka.address, '--cassandra', stack.cql.address, '--topic', settings.kafka.topic],
          ...['--group', settings.kafka.groupId, '--keyspace', settings.cassandra.keyspace, '--data-dir', dataDir],
        ]),
      );
    }
    let view: FleetView | null = null;
    const reader = startFleetReader({ kafka: settings.kafka, logger: silentLogger, onView: (v) => (view = v) });
    const admin = kafkaFor(stack.kafka.address).admin();
    await admin.connect();
    const groupClients = async () =>
      (await admin.describeGroups([settings.kafka.groupId])).groups[0]!.members.map((m) => m.clientId).sort();
    const live = () => view?.workers.filter((w) => w.inGroup && w.liveness === 'live') ?? [];
    /** The live members own every partition of the topic, each exactly once. */
    const coveredBy = (n: number) => {
      const all = live().flatMap((w) => w.partitions);
      return live().length === n && all.length === view!.topicPartitions && new Set(all).size === all.length;
    };
    try {
      await expect.poll(() => coveredBy(3), { timeout: 60_000, interval: 250 }).toBe(true);
      expect(view!.topicPartitions).toBeGreaterThan(1);
      // The group as Kafka reports it holds the three workers and nothing else: not the monitor's consumer.
      await expect.poll(groupClients, { timeout: 10_000 }).toEqual(
        live()
          .map((w) => w.clientId)
          .sort(),
      );

      const [killed, stopped] = live();
      const processOf = (pid: number | null) => workers.find((w) => w.child.pid === pid)!;
      processOf(killed!.pid).child.kill('SIGKILL');
      const worker = (key: string) => view?.workers.find((w) => w.key === key);
      // Stale after three missed 3 s heartbeats: within 15 s of the kill.
      await expect.poll(() => worker(killed!.key)?.liveness, { timeout: 15_000, interval: 250 }).toBe('stale');
      // Gone once the group drops it (the pipeline's 10 s session timeout, then a rebalance).
      await expect.poll(() => worker(killed!.key)?.liveness, { timeout: 30_000, interval: 250 }).toBe('gone');
      expect(worker(killed!.key)?.inGroup).toBe(false);
      await expect.poll(() => coveredBy(2), { timeout: 30_000, interval: 250 }).toBe(true);

      await produceValues(stack.kafka.address, settings.kafka.topic, after.good);
      const produced = new Set([...before.ids, ...after.ids]);
      await expect
        .poll(async () => (await tableIds(settings.cassandra)).length, { timeout: 60_000, interval: 500 })
        .toBe(produced.size);
      const ids = await tableIds(settings.cassandra);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => produced.has(id))).toBe(true);

      processOf(stopped!.pid).child.kill('SIGTERM');
      await expect.poll(() => worker(stopped!.key)?.liveness, { timeout: 40_000, interval: 250 }).toBe('gone');
      expect(worker(stopped!.key)?.state).toBe('stopped');
      await expect.poll(() => coveredBy(1), { timeout: 30_000, interval: 250 }).toBe(true);
      await expect.poll(groupClients, { timeout: 10_000 }).toEqual(
        live()
          .map((w) => w.clientId)
          .sort(),
      );
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await reader.close();
      await admin.disconnect();
    }
  }, 180_000);
});

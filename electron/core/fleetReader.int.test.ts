// Three `userstream run` workers in separate processes share one group on the embedded stack; the fleet reader lists
// all three with partitions adding up to the topic's, shows a worker killed with SIGKILL as stale within 15 s and one
// stopped cleanly as gone, and never appears among the group's members itself.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetView } from '../../shared/fleet';
import { silentLogger } from '../../shared/logger';
import { spawnWorker, type WorkerProcess } from '../cli/testing/workerProcess';
import { startDevstack, type Devstack } from '../devstack';
import { makeMessages, produceValues, testSettings } from '../pipeline/testing/fixtures';
import { startFleetReader } from './fleetReader';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

describe('fleet reader', () => {
  it('lists three workers, then one stale after SIGKILL and one gone after a clean stop', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    await produceValues(stack.kafka.address, settings.kafka.topic, makeMessages(300, 0, 81).good);
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
    const live = () => view?.workers.filter((w) => w.inGroup && w.liveness === 'live') ?? [];
    try {
      await expect
        .poll(
          () => {
            const all = live().flatMap((w) => w.partitions);
            return live().length === 3 && all.length === view!.topicPartitions && new Set(all).size === all.length;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(true);
      expect(view!.topicPartitions).toBeGreaterThan(0);
      expect(view!.workers.filter((w) => w.inGroup)).toHaveLength(3);
      expect(view!.workers.every((w) => !w.clientId.includes('monitor'))).toBe(true);
      const [killed, stopped] = live();
      const processOf = (pid: number | null) => workers.find((w) => w.child.pid === pid)!;
      processOf(killed!.pid).child.kill('SIGKILL');
      const liveness = (key: string) => view?.workers.find((w) => w.key === key)?.liveness;
      // Stale after three missed 3 s heartbeats: within 15 s of the kill.
      await expect.poll(() => liveness(killed!.key), { timeout: 15_000, interval: 250 }).toBe('stale');
      processOf(stopped!.pid).child.kill('SIGTERM');
      await expect.poll(() => liveness(stopped!.key), { timeout: 40_000, interval: 250 }).toBe('gone');
      expect(liveness(killed!.key)).toBe('stale');
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await reader.close();
    }
  }, 120_000);
});

// `userstream run` publishes its heartbeat to userstream.workers while it runs and a tombstone when it stops cleanly.
// Real TCP against the embedded stack in this process.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeartbeat, WORKERS_TOPIC, type WorkerHeartbeat } from '../../../shared/workerHeartbeat';
import { startDevstack, type Devstack } from '../../devstack';
import { kafkaFor, makeMessages, produceValues, testSettings } from '../../pipeline/testing/fixtures';
import { spawnWorker } from '../testing/workerProcess';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

describe('userstream run heartbeats', () => {
  it('publishes state, partitions and totals every few seconds, and a tombstone on a clean stop', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const dataDir = await mkdtemp(join(tmpdir(), 'run-heartbeat-'));
    await produceValues(stack.kafka.address, settings.kafka.topic, makeMessages(200, 0, 71).good);
    const worker = spawnWorker([
      ...['--brokers', stack.kafka.address, '--cassandra', stack.cql.address, '--topic', settings.kafka.topic],
      ...['--group', settings.kafka.groupId, '--keyspace', settings.cassandra.keyspace, '--data-dir', dataDir],
    ]);
    const seen: { key: string; value: WorkerHeartbeat | null; tombstone: boolean }[] = [];
    const admin = kafkaFor(stack.kafka.address).admin();
    const consumer = kafkaFor(stack.kafka.address).consumer({
      groupId: `reader_${Math.random()}`,
      maxWaitTimeInMs: 200,
    });
    try {
      await expect
        .poll(
          async () => {
            await admin.connect();
            return (await admin.listTopics()).includes(WORKERS_TOPIC);
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await consumer.connect();
      await consumer.subscribe({ topics: [WORKERS_TOPIC], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value === null ? null : message.value.toString();
          seen.push({ key: message.key?.toString() ?? '', value: parseHeartbeat(value), tombstone: value === null });
        },
      });
      const workerId = (await readFile(join(dataDir, 'worker-id'), 'utf8')).trim();
      const latest = () => seen.filter((s) => s.key === workerId && s.value).at(-1)?.value ?? null;
      await expect.poll(() => latest()?.totals.written ?? 0, { timeout: 30_000 }).toBe(200);
      const beat = latest()!;
      expect(beat.state).toBe('running');
      expect(beat.pid).toBe(worker.child.pid);
      expect(beat.groupId).toBe(settings.kafka.groupId);
      expect(beat.clientId).toBe(`userstream-${workerId.split('-')[0]}`);
      expect(beat.partitions.length).toBeGreaterThan(0);
      expect(beat.lag.map((l) => l.partition)).toEqual(beat.partitions);

      worker.child.kill('SIGTERM');
      await expect.poll(() => seen.some((s) => s.key === workerId && s.tombstone), { timeout: 40_000 }).toBe(true);
    } finally {
      worker.child.kill('SIGKILL');
      await consumer.disconnect();
      await admin.disconnect();
    }
  }, 90_000);
});

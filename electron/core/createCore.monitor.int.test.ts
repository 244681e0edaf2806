// A core in monitor mode: lists a worker of the group through core.fleet, refuses to start its pipeline, and never
// shows up among the group's members; the "Monitor only" setting does the same, leaves the group when turned on while
// consuming, and is persisted. Real TCP against the embedded stack in this process.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../cli/testing/workerProcess';
import { startDevstack, type Devstack } from '../devstack';
import { kafkaFor, makeMessages, produceValues, testSettings } from '../pipeline/testing/fixtures';
import { createCore } from './createCore';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

describe('createCore({ monitor: true })', () => {
  it('sees the worker, never consumes, never joins', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    await produceValues(stack.kafka.address, settings.kafka.topic, makeMessages(50, 0, 91).good);
    const worker = spawnWorker([
      ...['--brokers', stack.kafka.address, '--cassandra', stack.cql.address, '--topic', settings.kafka.topic],
      ...['--group', settings.kafka.groupId, '--keyspace', settings.cassandra.keyspace],
      ...['--data-dir', await mkdtemp(join(tmpdir(), 'monitor-worker-'))],
    ]);
    const core = await createCore({
      dataDir: await mkdtemp(join(tmpdir(), 'monitor-')),
      settingsFile: null,
      embedded: false,
      monitor: true,
      env: {
        KAFKA_BROKER: stack.kafka.address,
        KAFKA_TOPIC: settings.kafka.topic,
        KAFKA_GROUP: settings.kafka.groupId,
        CASSANDRA_HOST: stack.cql.address,
      },
    });
    try {
      const started = await core.start();
      expect(started.ok).toBe(false);
      expect(core.info().monitor).toBe(true);
      await expect
        .poll(() => core.fleet.view()?.workers.filter((w) => w.inGroup && w.liveness === 'live').length, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(1);
      const view = core.fleet.view()!;
      expect(view.workers[0]!.pid).toBe(worker.child.pid);
      expect(view.workers[0]!.partitions).toHaveLength(view.topicPartitions);
      expect(core.status().state).not.toBe('running');
    } finally {
      worker.child.kill('SIGKILL');
      await core.close();
    }
  }, 90_000);

  it('the Monitor only setting: stops consuming and leaves the group, refuses Start, and is kept', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    await produceValues(stack.kafka.address, settings.kafka.topic, makeMessages(20, 0, 92).good);
    const dataDir = await mkdtemp(join(tmpdir(), 'monitor-setting-'));
    const env = {
      KAFKA_BROKER: stack.kafka.address,
      KAFKA_TOPIC: settings.kafka.topic,
      KAFKA_GROUP: settings.kafka.groupId,
      CASSANDRA_HOST: stack.cql.address,
    };
    const admin = kafkaFor(stack.kafka.address).admin();
    await admin.connect();
    const members = async () => (await admin.describeGroups([settings.kafka.groupId])).groups[0]?.members.length ?? 0;
    let core = await createCore({ dataDir, embedded: false, env });
    try {
      expect((await core.start()).ok).toBe(true);
      await expect.poll(members, { timeout: 30_000, interval: 250 }).toBe(1);

      const saved = await core.saveSettings({ pipeline: { monitorOnly: true } });
      expect(saved.ok).toBe(true);
      expect(core.info().monitor).toBe(true);
      await expect.poll(members, { timeout: 30_000, interval: 250 }).toBe(0);
      expect(core.status().state).not.toBe('running');
      const refused = await core.start();
      expect(refused.ok ? null : refused.error.code).toBe('monitor_only');
      await core.close();

      core = await createCore({ dataDir, embedded: false, env });
      expect(core.info().monitor).toBe(true);
      expect(core.settingsView().profile.pipeline.monitorOnly).toBe(true);
      expect((await core.start()).ok).toBe(false);
      // The fleet reader runs from the start, as in `web --monitor`.
      await expect
        .poll(() => core.fleet.view()?.groupId, { timeout: 30_000, interval: 250 })
        .toBe(settings.kafka.groupId);
      expect(await members()).toBe(0);
    } finally {
      await core.close();
      await admin.disconnect();
    }
  }, 90_000);
});

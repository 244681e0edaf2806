// A core in monitor mode: lists a worker of the group through core.fleet, refuses to start its pipeline, and never
// shows up among the group's members. Real TCP against the embedded stack in this process.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../cli/testing/workerProcess';
import { startDevstack, type Devstack } from '../devstack';
import { makeMessages, produceValues, testSettings } from '../pipeline/testing/fixtures';
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
});

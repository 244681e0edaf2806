// The Core as a transport sees it: embedded stack in a child process, demo producer, pipeline, users, errors, events.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from './createCore';
import { countUsers } from './testing/countUsers';

describe('createCore with the embedded stack', () => {
  it('runs the demo producer through the pipeline; users, errors, batched events, settings and tests work', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'core-'));
    const id = `${process.pid}_${Date.now()}`;
    const core = await createCore({
      dataDir,
      embedded: true,
      overrides: {
        kafka: { topic: `core_${id}`, groupId: `core_${id}` },
        pipeline: { deadLetterTopic: `core_${id}.dlq` },
      },
    });
    try {
      expect(core.info().devstack?.kafka).toMatch(/:\d+$/);
      const events = { metrics: 0, users: 0 };
      core.on('metrics', () => events.metrics++);
      core.on('users', () => events.users++);
      const started = await core.start();
      expect(started).toEqual({ ok: true, value: undefined });
      expect(core.status().state).toBe('running');
      const producing = await core.producer.start({ ratePerSecond: 400, badRatio: 0.1 });
      expect(producing.ok && producing.value.targetIsExternal).toBe(false);
      const t0 = Date.now();
      await expect.poll(() => countUsers(core), { timeout: 60_000, interval: 500 }).toBeGreaterThan(200);
      const seconds = (Date.now() - t0) / 1000;
      // Batched at the source: at most ~10 user events a second whatever the throughput.
      expect(events.users).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
      // Metrics come once per metricsIntervalMs (1 s) from the start; 200 users can land before the first one.
      await expect.poll(() => events.metrics, { timeout: 5_000 }).toBeGreaterThan(0);
      await expect.poll(() => core.listErrors({}).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const [error] = core.listErrors({ limit: 1 });
      expect(error?.deadLettered).toBe(true);

      const recent = core.recentUsers();
      expect(recent.length).toBeGreaterThan(0);
      const someone = recent[recent.length - 1]!.row;
      const byEmail = await core.users.byEmail(someone.email!);
      expect(byEmail.ok && byEmail.value.map((u) => u.id)).toContain(someone.id);

      await core.producer.stop();
      const kafkaReport = await core.testKafka({});
      expect(kafkaReport).toMatchObject({ ok: true, code: 'ok' });
      const cassandraReport = await core.testCassandra({});
      expect(cassandraReport).toMatchObject({ ok: true, code: 'ok' });

      const saved = await core.saveSettings({
        kafka: { topic: `core_${id}`, groupId: `core_${id}` },
        cassandra: { credentials: { username: 'app', password: 'never-in-a-file' } },
      });
      expect(saved.ok).toBe(true);
      // Kept for the transports (the "a password is stored" hint, keeping it on an empty field), never in a file or log.
      expect(core.getSettings().cassandra.credentials.password).toBe('never-in-a-file');
      expect(await readFile(join(dataDir, 'settings.json'), 'utf8')).not.toContain('never-in-a-file');
      const log = await readFile(core.info().logFile, 'utf8');
      expect(log).toContain('pipeline running');
      expect(log).not.toContain('never-in-a-file');
    } finally {
      await core.close();
    }
  }, 180_000);
});

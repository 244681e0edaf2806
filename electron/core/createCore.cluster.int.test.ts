// "Connect to a cluster" while the embedded stack runs: tests and saves with `devstack.enabled: false` reach exactly
// the cluster named, the embedded stack stops, and turning it back on starts it again.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../devstack';
import { CLOSED_PORT } from '../devstack/testing/ports';
import { makeMessages, produceValues } from '../pipeline/testing/fixtures';
import { createCore } from './createCore';
import type { DevstackLauncher } from './devstackHost';
import { countUsers } from './testing/countUsers';

let other: Devstack;
beforeAll(async () => {
  other = await startDevstack({});
});
afterAll(async () => {
  await other?.close();
});

describe('createCore pointed away from its embedded stack', () => {
  it('tests and saves the cluster the input names, stops the embedded stack, and starts it again when asked', async () => {
    // The embedded stack in process (same code as the child process) so the test can count launches and closes.
    const embedded = { launched: 0, closed: 0 };
    const launcher: DevstackLauncher = async (o) => {
      const stack = await startDevstack({ dataDir: o.dataDir, kafkaPort: o.kafkaPort, cqlPort: o.cqlPort });
      embedded.launched++;
      return {
        kafka: stack.kafka.address,
        cql: stack.cql.address,
        close: async () => {
          embedded.closed++;
          await stack.close();
        },
      };
    };
    const dataDir = await mkdtemp(join(tmpdir(), 'core-cluster-'));
    const core = await createCore({ dataDir, embedded: true, env: {}, devstackLauncher: launcher });
    try {
      expect(core.info().embedded).toBe(true);
      expect(core.getSettings().devstack.enabled).toBe(true);
      expect((await core.testKafka({})).ok).toBe(true);

      const port = CLOSED_PORT;
      const down = await core.testKafka({
        devstack: { enabled: false },
        kafka: { brokers: [`127.0.0.1:${port}`], connectionTimeoutMs: 1_000 },
      });
      expect(down.ok).toBe(false);
      expect(down.message).toContain(String(port));
      const cassandraDown = await core.testCassandra({
        devstack: { enabled: false },
        cassandra: { contactPoints: [`127.0.0.1:${port}`] },
      });
      expect(cassandraDown.ok).toBe(false);

      const cluster = {
        devstack: { enabled: false },
        kafka: { brokers: [other.kafka.address] },
        cassandra: { contactPoints: [other.cql.address] },
      };
      expect(await core.testKafka(cluster)).toMatchObject({ ok: true });
      expect(await core.testCassandra(cluster)).toMatchObject({ ok: true });

      expect(await core.start()).toEqual({ ok: true, value: undefined });
      const saved = await core.saveSettings(cluster);
      expect(saved.ok && saved.value.kafka.brokers).toEqual([other.kafka.address]);
      expect(core.info()).toMatchObject({ embedded: false, devstack: null });
      expect(embedded).toEqual({ launched: 1, closed: 1 });
      expect(core.producer.status().targetIsExternal).toBe(true);
      await expect.poll(() => core.status().state, { timeout: 30_000 }).toBe('running');
      expect(core.status().kafka.address).toBe(other.kafka.address);

      // A user produced straight into the other cluster lands in the other cluster's table, read through the core.
      const { good, ids } = makeMessages(3, 0, 41);
      await produceValues(other.kafka.address, 'users_created', good);
      await expect.poll(() => countUsers(core), { timeout: 30_000, interval: 250 }).toBe(ids.size);
      // The closed port still fails: nothing substitutes another address.
      expect((await core.testKafka({ kafka: { brokers: [`127.0.0.1:${port}`], connectionTimeoutMs: 1_000 } })).ok).toBe(
        false,
      );

      // Back on the embedded stack: it starts again and the pipeline follows.
      const back = await core.saveSettings({ ...cluster, devstack: { enabled: true } });
      expect(back.ok).toBe(true);
      expect(embedded).toEqual({ launched: 2, closed: 1 });
      expect(core.info().embedded).toBe(true);
      await expect.poll(() => core.status().state, { timeout: 30_000 }).toBe('running');
      expect(core.status().kafka.address).toBe(core.info().devstack?.kafka);
      expect(core.getSettings().kafka.brokers).toEqual([other.kafka.address]);
    } finally {
      await core.close();
    }
    expect(embedded.closed).toBe(2);
  }, 120_000);
});

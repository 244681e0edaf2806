// The core's settings paths without a cluster: nothing here connects anywhere that answers.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSED_PORT } from '../devstack/testing/ports';
import { createCore } from './createCore';

const closed = {
  kafka: { brokers: [`127.0.0.1:${CLOSED_PORT}`] },
  cassandra: { contactPoints: [`127.0.0.1:${CLOSED_PORT}`] },
};

describe('core settings', () => {
  it('refuses at Test and at Save a name the cluster would refuse, naming the field', async () => {
    const core = await createCore({ dataDir: await mkdtemp(join(tmpdir(), 'core-settings-')), overrides: {} });
    try {
      expect(await core.testKafka({ ...closed, kafka: { ...closed.kafka, topic: '..' } })).toMatchObject({
        ok: false,
        code: 'invalid_settings',
        message: expect.stringMatching(/^kafka\.topic: "\.\." is not allowed/),
      });
      expect(
        await core.testCassandra({ ...closed, cassandra: { ...closed.cassandra, table: 'select' } }),
      ).toMatchObject({
        ok: false,
        code: 'invalid_settings',
        message: expect.stringMatching(/^cassandra\.table: "select" is a reserved CQL word/),
      });
      const saved = await core.saveSettings({ ...closed, cassandra: { ...closed.cassandra, keyspace: 'keyspace' } });
      expect(saved).toMatchObject({ ok: false, error: [{ field: 'cassandra.keyspace' }] });
      const topic = await core.saveSettings({ ...closed, kafka: { ...closed.kafka, topic: 'x'.repeat(250) } });
      expect(topic).toMatchObject({ ok: false, error: [{ field: 'kafka.topic' }] });
    } finally {
      await core.close();
    }
  });
});

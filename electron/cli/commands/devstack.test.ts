import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { kafkaSaslUsers } from './devstack';

const BIN = join(import.meta.dirname, '../../../bin/userstream.mjs');

describe('userstream devstack', () => {
  it('serves kafkajs and cassandra-driver on the printed addresses and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'devstack', '--kafka-port', '0', '--cql-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      // A cold tsx cache on a busy CI machine can take a while to compile the stack before it prints.
      await expect.poll(() => out, { timeout: 50_000 }).toMatch(/Ready/);
      const kafkaAddress = /Kafka protocol\s+(\S+)/.exec(out)?.[1];
      const cqlAddress = /CQL protocol\s+(\S+)/.exec(out)?.[1];
      expect(kafkaAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(cqlAddress).toMatch(/^127\.0\.0\.1:\d+$/);

      const admin = new Kafka({ brokers: [kafkaAddress!], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'devstack_cli' }] });
      expect(await admin.listTopics()).toContain('devstack_cli');
      await admin.disconnect();

      const client = new cassandra.Client({ contactPoints: [cqlAddress!], localDataCenter: 'datacenter1' });
      await client.connect();
      const local = await client.execute('SELECT data_center FROM system.local');
      expect(local.first().get('data_center')).toBe('datacenter1');
      await client.shutdown();

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(out).toMatch(/Stopped\./);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('--kafka-sasl USER:PASSWORD: kafkajs needs those credentials', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'devstack', '--kafka-port', '0', '--cql-port', '0', '--kafka-sasl', 'app:s3cr:et'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 50_000 }).toMatch(/Ready/);
      expect(out).toMatch(/Kafka SASL\s+PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 for app/);
      const brokers = [/Kafka protocol\s+(\S+)/.exec(out)?.[1] ?? ''];
      // A fresh options object per client: kafkajs stores its authenticator (with the password) on the one it is given.
      const sasl = (password: string) => ({ mechanism: 'scram-sha-256', username: 'app', password }) as const;
      const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, sasl: sasl('s3cr:et') }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'devstack_cli_sasl' }] });
      expect(await admin.listTopics()).toContain('devstack_cli_sasl');
      await admin.disconnect();
      const wrong = new Kafka({ brokers, logLevel: logLevel.NOTHING, sasl: sasl('no') }).admin();
      await expect(wrong.connect()).rejects.toThrow(/invalid credentials with SASL mechanism SCRAM-SHA-256/);
      await wrong.disconnect();
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('--kafka-sasl rejects an entry without a user or a password', () => {
    expect(kafkaSaslUsers({})).toBeUndefined();
    expect(kafkaSaslUsers({ 'kafka-sasl': ['a:b', 'c:d:e'] })).toEqual({ a: 'b', c: 'd:e' });
    expect(() => kafkaSaslUsers({ 'kafka-sasl': [':pw'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
    expect(() => kafkaSaslUsers({ 'kafka-sasl': ['user:'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
    expect(() => kafkaSaslUsers({ 'kafka-sasl': ['nocolon'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
  });
});

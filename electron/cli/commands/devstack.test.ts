import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Kafka, logLevel } from 'kafkajs';
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { selfSignedCert } from '../../devstack/testing/selfSignedCert';
import { SOURCE_CLI_ARGS } from '../testing/sourceCli';
import { devstackTls, kafkaSaslUsers } from './devstack';

describe('userstream devstack', () => {
  it('serves kafkajs and cassandra-driver on the printed addresses and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [...SOURCE_CLI_ARGS, 'devstack', '--kafka-port', '0', '--cql-port', '0'], {
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
      // 'close', not 'exit': the last lines may still be in the pipe when the process has exited.
      const [code] = await once(child, 'close');
      expect(code).toBe(0);
      expect(out).toMatch(/Stopped\./);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('--brokers 3: three brokers printed, and kafkajs sees all three', async () => {
    const child = spawn(
      process.execPath,
      [...SOURCE_CLI_ARGS, 'devstack', '--kafka-port', '0', '--cql-port', '0', '--brokers', '3'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 50_000 }).toMatch(/Ready/);
      const listed = /Kafka brokers\s+(.*?)\s{3}/.exec(out)?.[1] ?? '';
      const addresses = [...listed.matchAll(/(\d+) at (\S+?)(?:,|$)/g)].map((m) => [Number(m[1]), m[2]]);
      expect(addresses.map(([id]) => id)).toEqual([1, 2, 3]);
      const admin = new Kafka({ brokers: [String(addresses[1]?.[1])], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const described = await admin.describeCluster();
      expect(described.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual(addresses.map(([, a]) => a).sort());
      expect(described.controller).toBe(1);
      await admin.disconnect();
      child.kill('SIGTERM');
      const [code] = await once(child, 'close');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('--kafka-sasl USER:PASSWORD: kafkajs needs those credentials', async () => {
    const child = spawn(
      process.execPath,
      [...SOURCE_CLI_ARGS, 'devstack', '--kafka-port', '0', '--cql-port', '0', '--kafka-sasl', 'app:s3cr:et'],
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

  it('--tls-cert and --tls-key: both ports serve TLS with that certificate', async () => {
    const cert = selfSignedCert();
    const child = spawn(
      process.execPath,
      [
        ...SOURCE_CLI_ARGS,
        'devstack',
        '--kafka-port',
        '0',
        '--cql-port',
        '0',
        '--tls-cert',
        cert.certFile,
        '--tls-key',
        cert.keyFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await expect.poll(() => out, { timeout: 50_000 }).toMatch(/Ready/);
      expect(out).toContain(`TLS             on for both ports, certificate ${cert.certFile}`);
      const brokers = [/Kafka protocol\s+(\S+)/.exec(out)?.[1] ?? ''];
      const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING, ssl: { ca: [cert.cert] } }).admin();
      await admin.connect();
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
      await admin.disconnect();
      const client = new cassandra.Client({
        contactPoints: [/CQL protocol\s+(\S+)/.exec(out)?.[1] ?? ''],
        localDataCenter: 'datacenter1',
        sslOptions: { ca: [cert.cert], rejectUnauthorized: true },
      });
      await client.connect();
      expect((await client.execute('SELECT data_center FROM system.local')).rowLength).toBe(1);
      await client.shutdown();
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      cert.remove();
    }
  }, 90_000);

  it('--tls-cert and --tls-key go together and must be readable files', () => {
    expect(devstackTls({})).toBeUndefined();
    expect(() => devstackTls({ 'tls-cert': 'c.pem' })).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => devstackTls({ 'tls-key': 'k.pem' })).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => devstackTls({ 'tls-cert': '/nonexistent/c.pem', 'tls-key': '/nonexistent/k.pem' })).toThrow(
      /--tls-cert: cannot read "\/nonexistent\/c\.pem" \(ENOENT\)/,
    );
  });

  it('--kafka-sasl rejects an entry without a user or a password', () => {
    expect(kafkaSaslUsers({})).toBeUndefined();
    expect(kafkaSaslUsers({ 'kafka-sasl': ['a:b', 'c:d:e'] })).toEqual({ a: 'b', c: 'd:e' });
    expect(() => kafkaSaslUsers({ 'kafka-sasl': [':pw'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
    expect(() => kafkaSaslUsers({ 'kafka-sasl': ['user:'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
    expect(() => kafkaSaslUsers({ 'kafka-sasl': ['nocolon'] })).toThrow(/--kafka-sasl expects USER:PASSWORD/);
  });
});

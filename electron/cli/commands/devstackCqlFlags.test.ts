// The CQL flags of `userstream devstack`, parsed and then served: the driver sees the version, data center, vnodes
// and credentials they ask for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { describe, expect, it } from 'vitest';
import { startDevstack } from '../../devstack';
import { UsageError } from '../command';
import { CQL_PASSWORD_ENV, devstackCqlOptions } from './devstackCqlFlags';

describe('devstack CQL flags', () => {
  it('defaults to a Cassandra 5.0 node in datacenter1 with 16 vnodes and no auth', () => {
    expect(devstackCqlOptions({}, {})).toEqual({
      cassandraVersion: '5.0',
      dataCenter: 'datacenter1',
      vnodes: 16,
      auth: undefined,
    });
  });

  it('reads the password after the colon, from a file, or from the environment, and names bad flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cql-flags-'));
    try {
      const file = join(dir, 'pw');
      writeFileSync(file, 'from-file\n');
      expect(devstackCqlOptions({ 'cql-auth': 'dev:a:b' }, {}).auth).toEqual({ username: 'dev', password: 'a:b' });
      expect(devstackCqlOptions({ 'cql-auth': 'dev', 'cql-password-file': file }, {}).auth).toEqual({
        username: 'dev',
        password: 'from-file',
      });
      expect(devstackCqlOptions({ 'cql-auth': 'dev' }, { [CQL_PASSWORD_ENV]: 'env' }).auth?.password).toBe('env');
      expect(() => devstackCqlOptions({ 'cql-auth': 'dev' }, {})).toThrow(UsageError);
      expect(() => devstackCqlOptions({ 'cassandra-version': '3.11' }, {})).toThrow(
        /--cassandra-version expects 4.1 or 5.0/,
      );
      expect(() => devstackCqlOptions({ vnodes: '0' }, {})).toThrow(/--vnodes/);
      expect(() => devstackCqlOptions({ dc: 'a b' }, {})).toThrow(/--dc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves what the flags ask for', async () => {
    const cql = devstackCqlOptions(
      { 'cassandra-version': '4.1', dc: 'eu-west', vnodes: '8', 'cql-auth': 'dev' },
      { [CQL_PASSWORD_ENV]: 'devpass' },
    );
    const stack = await startDevstack({ cql });
    const client = new cassandra.Client({
      contactPoints: [stack.cql.address],
      localDataCenter: 'eu-west',
      credentials: { username: 'dev', password: 'devpass' },
    });
    try {
      const local = (await client.execute('SELECT release_version, data_center, tokens FROM system.local')).first();
      expect(local.get('release_version')).toMatch(/^4\.1\./);
      expect(local.get('data_center')).toBe('eu-west');
      expect(local.get('tokens')).toHaveLength(8);
      const wrong = new cassandra.Client({
        contactPoints: [stack.cql.address],
        localDataCenter: 'eu-west',
        credentials: { username: 'dev', password: 'nope' },
      });
      await expect(wrong.connect()).rejects.toThrow(/Provided username dev and\/or password are incorrect/);
      await wrong.shutdown();
    } finally {
      await client.shutdown();
      await stack.close();
    }
  });
});

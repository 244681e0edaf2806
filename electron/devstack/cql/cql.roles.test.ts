// Roles and permissions with --cql-auth, through cassandra-driver: CREATE/ALTER/DROP ROLE and USER, LIST ROLES,
// GRANT/REVOKE listed by LIST PERMISSIONS and enforced on keyspaces and tables with Cassandra's Unauthorized text,
// role inheritance, system_auth.roles, and roles kept across a restart with the data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const dir = mkdtempSync(join(tmpdir(), 'cql-roles-'));
let server: CqlServer;
let admin: cassandra.Client;
const clients: cassandra.Client[] = [];

const connect = async (username: string, password: string): Promise<cassandra.Client> => {
  const c = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: 'datacenter1',
    credentials: { username, password },
  });
  clients.push(c);
  await c.connect();
  return c;
};

const start = async (): Promise<void> => {
  server = await createCqlServer({ port: 0, dataDir: dir, auth: { username: 'dev', password: 'devpass' } });
  admin = await connect('dev', 'devpass');
};

beforeAll(async () => {
  await start();
  await admin.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await admin.execute('CREATE TABLE app.kv (k int PRIMARY KEY, v text)');
  await admin.execute("INSERT INTO app.kv (k, v) VALUES (1, 'one')");
});

afterAll(async () => {
  for (const c of clients) await c.shutdown();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const unauthorized = (user: string, permission: string, resource: string) =>
  expect.objectContaining({
    code: 0x2100,
    message: `User ${user} has no ${permission} permission on ${resource} or any of its parents`,
  }) as unknown;

describe('CQL store roles and permissions (cassandra-driver)', () => {
  it('creates roles and users and lists them', async () => {
    await admin.execute("CREATE ROLE alice WITH PASSWORD = 'pw' AND LOGIN = true");
    await admin.execute("CREATE USER bob WITH PASSWORD 'bpw' NOSUPERUSER");
    await admin.execute('CREATE ROLE readers');
    await expect(admin.execute('CREATE ROLE alice')).rejects.toThrow('alice already exists');
    await admin.execute('CREATE ROLE IF NOT EXISTS alice');
    const roles = (await admin.execute('LIST ROLES')).rows.map((r) => [r.role, r.super, r.login]);
    expect(roles).toEqual([
      ['alice', false, true],
      ['bob', false, true],
      ['dev', true, true],
      ['readers', false, false],
    ]);
    const users = (await admin.execute('LIST USERS')).rows.map((r) => r.name);
    expect(users).toEqual(['alice', 'bob', 'dev']);
    const stored = (await admin.execute('SELECT role, is_superuser FROM system_auth.roles')).rows.map((r) => r.role);
    expect(stored.sort()).toEqual(['alice', 'bob', 'dev', 'readers']);
  });

  it("refuses what a role was not granted, with Cassandra's message", async () => {
    const alice = await connect('alice', 'pw');
    await expect(alice.execute('SELECT * FROM app.kv')).rejects.toEqual(
      unauthorized('alice', 'SELECT', '<table app.kv>'),
    );
    await expect(alice.execute("INSERT INTO app.kv (k, v) VALUES (2, 'x')")).rejects.toEqual(
      unauthorized('alice', 'MODIFY', '<table app.kv>'),
    );
    await expect(alice.execute('CREATE TABLE app.t2 (k int PRIMARY KEY)')).rejects.toEqual(
      unauthorized('alice', 'CREATE', '<keyspace app>'),
    );
    await expect(
      alice.execute("CREATE KEYSPACE a2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"),
    ).rejects.toEqual(unauthorized('alice', 'CREATE', '<all keyspaces>'));
    // The driver's own schema and node tables stay readable.
    expect((await alice.execute('SELECT release_version FROM system.local')).rows.length).toBe(1);
  });

  it('lets granted permissions through (plain and prepared), lists them, and revokes them', async () => {
    await admin.execute('GRANT SELECT ON app.kv TO alice');
    await admin.execute('GRANT MODIFY ON KEYSPACE app TO alice');
    const alice = await connect('alice', 'pw');
    expect((await alice.execute('SELECT v FROM app.kv WHERE k = 1')).rows[0]?.v).toBe('one');
    await alice.execute('INSERT INTO app.kv (k, v) VALUES (?, ?)', [2, 'two'], { prepare: true });
    await expect(alice.execute('DROP TABLE app.kv')).rejects.toEqual(unauthorized('alice', 'DROP', '<table app.kv>'));
    await expect(alice.execute('GRANT SELECT ON app.kv TO bob')).rejects.toEqual(
      unauthorized('alice', 'AUTHORIZE', '<table app.kv>'),
    );
    const listed = (await admin.execute('LIST ALL PERMISSIONS OF alice')).rows.map((r) => [
      r.role,
      r.resource,
      r.permission,
    ]);
    expect(listed).toEqual([
      ['alice', '<keyspace app>', 'MODIFY'],
      ['alice', '<table app.kv>', 'SELECT'],
    ]);
    await admin.execute('REVOKE SELECT ON app.kv FROM alice');
    await expect(alice.execute('SELECT v FROM app.kv WHERE k = ?', [1], { prepare: true })).rejects.toEqual(
      unauthorized('alice', 'SELECT', '<table app.kv>'),
    );
  });

  it('inherits permissions through granted roles', async () => {
    await admin.execute('GRANT SELECT ON KEYSPACE app TO readers');
    await admin.execute('GRANT readers TO bob');
    const bob = await connect('bob', 'bpw');
    expect((await bob.execute('SELECT count(*) FROM app.kv')).rows[0]?.count.toNumber()).toBe(2);
    const ofBob = (await admin.execute('LIST ROLES OF bob')).rows.map((r) => r.role);
    expect(ofBob).toEqual(['bob', 'readers']);
  });

  it('changes passwords, drops roles, and keeps roles across a restart with the data dir', async () => {
    await admin.execute("ALTER ROLE alice WITH PASSWORD = 'pw2'");
    await expect(connect('alice', 'pw')).rejects.toThrow('Provided username alice and/or password are incorrect');
    await connect('alice', 'pw2');
    await admin.execute('DROP ROLE alice');
    await expect(connect('alice', 'pw2')).rejects.toThrow('Provided username alice and/or password are incorrect');
    for (const c of clients.splice(0)) await c.shutdown();
    await server.close();
    await start();
    const bob = await connect('bob', 'bpw');
    expect((await bob.execute('SELECT count(*) FROM app.kv')).rows[0]?.count.toNumber()).toBe(2);
  });

  it('refuses GRANT without --cql-auth, as AllowAllAuthorizer does', async () => {
    const open = await createCqlServer({ port: 0 });
    const c = new cassandra.Client({ contactPoints: [`127.0.0.1:${open.port}`], localDataCenter: 'datacenter1' });
    try {
      await expect(c.execute('GRANT SELECT ON KEYSPACE system TO x')).rejects.toThrow(
        'GRANT operation is not supported by AllowAllAuthorizer',
      );
    } finally {
      await c.shutdown();
      await open.close();
    }
  });
});

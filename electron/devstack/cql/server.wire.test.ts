// The wire server with the real cassandra-driver over TCP, against a fake of our own engine interface: negotiation,
// STARTUP/OPTIONS/REGISTER, QUERY/PREPARE/EXECUTE/BATCH, paging, USE, auth and SCHEMA_CHANGE events.
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine, type FakeEngine } from './testing/fakeEngine';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function start(
  options: Parameters<typeof startCqlServer>[0] = {},
): Promise<{ server: CqlServer; engine: FakeEngine }> {
  let engine: FakeEngine | undefined;
  const server = await startCqlServer({ port: 0, ...options }, async (o) => (engine = createFakeEngine(o.node)));
  open.push(server);
  return { server, engine: engine as FakeEngine };
}

function client(server: CqlServer, extra: Partial<cassandra.ClientOptions> = {}): cassandra.Client {
  const c = new cassandra.Client({
    contactPoints: [`${server.host}:${server.port}`],
    localDataCenter: 'datacenter1',
    ...extra,
  });
  open.push({ close: () => c.shutdown() });
  return c;
}

describe('CQL wire server with cassandra-driver (fake engine)', () => {
  it('negotiates v4 from the DSE version the driver opens with, and reports the host', async () => {
    const { server } = await start();
    const c = client(server);
    await c.connect();
    expect(c.getState().getConnectedHosts()).toHaveLength(1);
    expect((c as any).controlConnection.protocolVersion).toBe(4);
    const host = c.hosts.values()[0];
    expect(host?.datacenter).toBe('datacenter1');
    expect(host?.cassandraVersion).toMatch(/^5\.0\./);
  });

  it('speaks protocol v3 to a driver capped at v3', async () => {
    const { server } = await start();
    const c = client(server, { protocolOptions: { maxVersion: 3 } });
    await c.connect();
    expect((c as any).controlConnection.protocolVersion).toBe(3);
    await c.execute('CREATE KEYSPACE v3ks WITH replication = {}');
    await c.execute('USE v3ks');
    await c.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [1, 'three'], { prepare: true });
    const rows = await c.execute('SELECT k, v FROM kv', [], { prepare: true });
    expect(rows.rows.map((r) => r.get('v'))).toEqual(['three']);
  });

  it('runs DDL, USE, prepared INSERTs, a mixed batch and pages through every row once', async () => {
    const { server } = await start();
    const c = client(server);
    const created = await c.execute('CREATE KEYSPACE ks1 WITH replication = {}');
    expect(created.info.queriedHost).toBeDefined();
    await c.execute('USE ks1');
    expect(c.keyspace).toBe('ks1');
    await c.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [1, 'one'], { prepare: true });
    await c.batch(
      [
        { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [2, 'two'] },
        { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [3, 'three'] },
      ],
      { prepare: true },
    );
    await c.batch([{ query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [4, 'four'] }], {
      prepare: false,
      hints: [['int', 'text']],
    });
    const params = Array.from({ length: 996 }, (_, i) => [i + 5, `v${i + 5}`]);
    await cassandra.concurrent.executeConcurrent(c, 'INSERT INTO kv (k, v) VALUES (?, ?)', params, {
      concurrencyLevel: 64,
    });
    const seen: number[] = [];
    await new Promise<void>((resolve, reject) =>
      c.eachRow(
        'SELECT k, v FROM kv',
        [],
        { prepare: true, fetchSize: 97, autoPage: true },
        (_n, row: cassandra.types.Row) => seen.push(row.get('k') as number),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('passes errors to the driver with their codes and extra fields', async () => {
    const { server } = await start();
    const c = client(server);
    await expect(c.execute('SELEKT nonsense')).rejects.toMatchObject({ code: 0x2000 });
    await c.execute('CREATE KEYSPACE ks2 WITH replication = {}');
    await expect(c.execute('CREATE KEYSPACE ks2 WITH replication = {}')).rejects.toMatchObject({
      code: 0x2400,
      keyspace: 'ks2',
    });
    await expect(c.execute('USE nowhere')).rejects.toMatchObject({ code: 0x2200 });
  });

  it('re-prepares on UNPREPARED and retries transparently', async () => {
    const { server, engine } = await start();
    const c = client(server, { keyspace: undefined });
    await c.execute('CREATE KEYSPACE ks3 WITH replication = {}');
    await c.execute('USE ks3');
    await c.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [1, 'a'], { prepare: true });
    engine.forgetPrepared();
    await c.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [2, 'b'], { prepare: true });
    const rows = await c.execute('SELECT k, v FROM kv', [], { prepare: true });
    expect(rows.rows.map((r) => r.get('v'))).toEqual(['a', 'b']);
  });

  it('authenticates with PasswordAuthenticator and refuses bad credentials', async () => {
    const { server } = await start({ auth: { username: 'cassandra', password: 's3cret' } });
    const good = client(server, { authProvider: new cassandra.auth.PlainTextAuthProvider('cassandra', 's3cret') });
    await good.connect();
    const bad = client(server, { authProvider: new cassandra.auth.PlainTextAuthProvider('cassandra', 'wrong') });
    const error = await bad.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(cassandra.errors.NoHostAvailableError);
    const inner = Object.values((error as cassandra.errors.NoHostAvailableError).innerErrors)[0];
    expect(inner).toBeInstanceOf(cassandra.errors.AuthenticationError);
    expect(String((inner as Error).message)).toContain('Provided username cassandra and/or password are incorrect');
  });

  it('pushes SCHEMA_CHANGE events to registered connections', async () => {
    const { server } = await start();
    const watcher = client(server);
    await watcher.connect();
    const other = client(server);
    await other.execute('CREATE KEYSPACE evks WITH replication = {}');
    await expect.poll(() => Object.keys(watcher.metadata.keyspaces), { timeout: 10_000 }).toContain('evks');
  });
});

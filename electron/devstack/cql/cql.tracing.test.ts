// Request tracing and system_views through cassandra-driver: traceQuery → ResultSet.info.traceId →
// client.metadata.getTrace (system_traces.sessions / events); system_views.clients and settings as virtual tables.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: 'datacenter1',
    applicationName: 'tracing-test',
  });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.kv (k int PRIMARY KEY, v text)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

describe('CQL store request tracing (cassandra-driver)', () => {
  it('answers a traced query with a trace id whose session and events getTrace reads', async () => {
    const r = await client.execute("INSERT INTO app.kv (k, v) VALUES (1, 'a')", [], { traceQuery: true });
    expect(r.info.traceId).toBeInstanceOf(cassandra.types.Uuid);
    const trace = await client.metadata.getTrace(r.info.traceId);
    expect(trace.requestType).toBe('Execute CQL3 query');
    expect(trace.parameters).toMatchObject({
      query: "INSERT INTO app.kv (k, v) VALUES (1, 'a')",
      consistency_level: 'LOCAL_ONE',
    });
    expect(trace.duration).toBeGreaterThan(0);
    expect(trace.coordinator.toString()).toBe('127.0.0.1');
    expect(trace.events.map((e: { activity: string }) => e.activity)).toEqual([
      "Parsing INSERT INTO app.kv (k, v) VALUES (1, 'a')",
      'Executing statement',
      'Request complete',
    ]);
  });

  it('traces prepared executions (with the prepared query) and leaves untraced requests alone', async () => {
    const r = await client.execute('SELECT v FROM app.kv WHERE k = ?', [1], { prepare: true, traceQuery: true });
    expect(r.rows[0]?.v).toBe('a');
    const trace = await client.metadata.getTrace(r.info.traceId);
    expect(trace.requestType).toBe('Execute CQL3 prepared query');
    expect(trace.parameters.query).toBe('SELECT v FROM app.kv WHERE k = ?');
    const plain = await client.execute('SELECT v FROM app.kv WHERE k = ?', [1], { prepare: true });
    expect(plain.info.traceId).toBeUndefined();
  });

  it('keeps the last 256 sessions', async () => {
    for (let i = 0; i < 270; i++) await client.execute('SELECT v FROM app.kv WHERE k = 1', [], { traceQuery: true });
    const count = await client.execute('SELECT count(*) FROM system_traces.sessions');
    expect(Number(count.rows[0]?.count)).toBe(256);
  });
});

describe('CQL store system_views', () => {
  it('lists connected clients with their driver, options and protocol version', async () => {
    const rows = (await client.execute('SELECT * FROM system_views.clients')).rows;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({
      driver_name: 'Apache Cassandra Node.js Driver',
      protocol_version: 4,
      username: 'anonymous',
    });
    expect(rows[0]?.client_options).toMatchObject({ APPLICATION_NAME: 'tracing-test' });
    expect(rows.every((r) => r.address.toString() === '127.0.0.1' && r.connection_stage === 'ready')).toBe(true);
  });

  it('lists settings, and both views in system_virtual_schema', async () => {
    const s = await client.execute("SELECT value FROM system_views.settings WHERE name = 'cluster_name'");
    expect(s.rows[0]?.value).toBe('Userstream Dev Cluster');
    const tables = await client.execute(
      "SELECT table_name FROM system_virtual_schema.tables WHERE keyspace_name = 'system_views'",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['clients', 'settings']);
  });
});

// The store as a TLS listener over real TCP with cassandra-driver: DDL, INSERT and SELECT with the certificate as CA;
// another CA, a plaintext driver on the TLS port and a TLS driver on a plaintext port each fail alone while the store
// keeps serving. cassandra-driver does not verify certificates unless told to (its sslOptions default
// rejectUnauthorized to false), so every client here asks for it.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, type SelfSignedCert } from '../testing/selfSignedCert';
import { createCqlServer, type CqlServer } from './index';

let cert: SelfSignedCert;
let otherCert: SelfSignedCert;
let server: CqlServer;
beforeAll(async () => {
  cert = selfSignedCert();
  otherCert = selfSignedCert();
  server = await createCqlServer({ port: 0, tls: { key: cert.key, cert: cert.cert } });
});
afterAll(async () => {
  await server?.close();
  cert?.remove();
  otherCert?.remove();
});

const client = (port: number, ca: string | undefined): cassandra.Client =>
  new cassandra.Client({
    contactPoints: [`127.0.0.1:${port}`],
    localDataCenter: 'datacenter1',
    socketOptions: { connectTimeout: 10_000, readTimeout: 10_000 },
    ...(ca === undefined ? {} : { sslOptions: { ca: [ca], rejectUnauthorized: true } }),
  });

/** Every failure the driver collected per host, as one string. */
async function connectError(c: cassandra.Client): Promise<string> {
  try {
    await c.connect();
  } catch (error) {
    const inner = (error as { innerErrors?: Record<string, unknown> }).innerErrors ?? {};
    return [String(error), ...Object.values(inner).map(String)].join(' | ');
  } finally {
    await c.shutdown();
  }
  throw new Error('connected, but should not have');
}

async function stillServes(): Promise<void> {
  const c = client(server.port, cert.cert);
  try {
    const local = await c.execute("SELECT data_center FROM system.local WHERE key='local'");
    expect(local.first().get('data_center')).toBe('datacenter1');
  } finally {
    await c.shutdown();
  }
}

describe('CQL store with TLS', () => {
  it('cassandra-driver with the certificate as CA runs DDL, INSERT and SELECT', async () => {
    const c = client(server.port, cert.cert);
    try {
      const ks = `tls_${process.pid}`;
      await c.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
      await c.execute(`CREATE TABLE ${ks}.users (id text PRIMARY KEY, name text)`);
      for (let i = 0; i < 20; i++)
        await c.execute(`INSERT INTO ${ks}.users (id, name) VALUES (?, ?)`, [`u${i}`, `name ${i}`], { prepare: true });
      const rows = (await c.execute(`SELECT id, name FROM ${ks}.users`)).rows;
      expect(rows.map((r) => r.get('id') as string).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `u${i}`).sort(),
      );
      const one = await c.execute(`SELECT name FROM ${ks}.users WHERE id = ?`, ['u7'], { prepare: true });
      expect(one.first().get('name')).toBe('name 7');
    } finally {
      await c.shutdown();
    }
  });

  it('a driver trusting another CA fails on the certificate; the store keeps serving', async () => {
    expect(await connectError(client(server.port, otherCert.cert))).toMatch(
      /self[- ]signed certificate|unable to verify/,
    );
    await stillServes();
  });

  it('a plaintext driver on the TLS port fails; the store keeps serving', async () => {
    expect(await connectError(client(server.port, undefined))).toMatch(/All host\(s\) tried for query failed/);
    await stillServes();
  });

  it('a TLS driver on a plaintext store fails; that store keeps serving plaintext', async () => {
    const plain = await createCqlServer({ port: 0 });
    try {
      expect(await connectError(client(plain.port, cert.cert))).toMatch(/All host\(s\) tried for query failed/);
      const c = client(plain.port, undefined);
      try {
        expect((await c.execute('SELECT release_version FROM system.local')).rowLength).toBe(1);
      } finally {
        await c.shutdown();
      }
    } finally {
      await plain.close();
    }
  });
});

// A second client: DataStax python-driver (what cqlsh uses), from Debian's python3-cassandra. It settles on protocol
// v5 (segments, lz4 with python3-lz4) without a round trip down to v4, then reads the full schema metadata. Skipped when the package is
// absent (apt-get install python3-cassandra).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../testing/selfSignedCert';
import { createCqlServer, type CqlServer } from './index';

const PYTHON = '/usr/bin/python3';
const hasDriver = spawnSync(PYTHON, ['-c', 'import cassandra.cluster'], { stdio: 'ignore' }).status === 0;

let server: CqlServer;
beforeAll(async () => {
  if (hasDriver) server = await createCqlServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasDriver)('CQL store with python-driver (cqlsh driver; needs python3-cassandra)', () => {
  it('speaks v5, reads metadata, prepares, inserts, pages, carries a 300 KB value, traces, lists itself in system_views', async () => {
    const script = fileURLToPath(new URL('./testing/pythonSmoke.py', import.meta.url));
    const child = spawn(PYTHON, [script, String(server.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(result).toMatchObject({
      protocol: 5,
      trace: ['Execute CQL3 query', 'Request complete'],
      clients: [['DataStax Python Driver', 5]],
      bigRoundTrip: true,
      scoped: 'name42',
      rows: 250,
      distinct: 250,
      name42: 'name42',
      prepared7: [7, 'name7', 3.5],
      partitionKey: ['id'],
      columns: ['id', 'name', 'score'],
    });
    expect(String(result.release)).toMatch(/^5\.0\./);
  });

  it('logs in with PlainTextAuthProvider and is refused with a wrong password', async () => {
    const secured = await createCqlServer({ port: 0, auth: { username: 'dev', password: 'devpass' } });
    try {
      const good = await runPython('pythonAuth.py', [String(secured.port), 'dev', 'devpass']);
      expect(good).toEqual({ ok: true, cluster: 'Userstream Dev Cluster', protocol: 5, big: true });
      const bad = await runPython('pythonAuth.py', [String(secured.port), 'dev', 'wrong']);
      expect(bad.ok).toBe(false);
      expect(String(bad.error)).toContain('Provided username dev and/or password are incorrect');
    } finally {
      await secured.close();
    }
  });
});

it.skipIf(!hasDriver)('speaks v5 segments over TLS with a login (python-driver, certificate verified)', async () => {
  const cert = selfSignedCert();
  const secured = await createCqlServer({
    port: 0,
    auth: { username: 'dev', password: 'devpass' },
    tls: { key: cert.key, cert: cert.cert },
  });
  try {
    const result = await runPython('pythonAuth.py', [String(secured.port), 'dev', 'devpass', cert.certFile]);
    expect(result).toEqual({ ok: true, cluster: 'Userstream Dev Cluster', protocol: 5, big: true });
  } finally {
    await secured.close();
    cert.remove();
  }
});

async function runPython(script: string, args: string[]): Promise<Record<string, unknown>> {
  const path = fileURLToPath(new URL(`./testing/${script}`, import.meta.url));
  const child = spawn(PYTHON, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
}

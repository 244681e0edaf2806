// A second client: DataStax python-driver (what cqlsh uses), from Debian's python3-cassandra. It opens with protocol
// v5 and must downgrade to v4 on our protocol error, then read the full schema metadata. Skipped when the package is
// absent (apt-get install python3-cassandra).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('negotiates down from v5, reads metadata, prepares, inserts and pages', async () => {
    const script = fileURLToPath(new URL('./testing/pythonSmoke.py', import.meta.url));
    const child = spawn(PYTHON, [script, String(server.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(result).toMatchObject({
      protocol: 4,
      rows: 250,
      distinct: 250,
      name42: 'name42',
      partitionKey: ['id'],
      columns: ['id', 'name', 'score'],
    });
    expect(String(result.release)).toMatch(/^4\.1\./);
  });
});

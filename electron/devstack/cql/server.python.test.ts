// The wire server with a second driver: DataStax python-driver from Debian's python3-cassandra (what cqlsh uses), on
// the fake engine. Skipped when the package is absent (apt-get install python3-cassandra).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';

const PYTHON = '/usr/bin/python3';
const hasModule = (name: string) => spawnSync(PYTHON, ['-c', `import ${name}`], { stdio: 'ignore' }).status === 0;
const hasDriver = hasModule('cassandra.cluster');
// Compressed variants need Debian's python3-lz4 / python3-snappy.
const compressions = ['none', ...(hasModule('lz4.block') ? ['lz4'] : []), ...(hasModule('snappy') ? ['snappy'] : [])];

let server: CqlServer | undefined;
beforeAll(async () => {
  if (hasDriver) server = await startCqlServer({ port: 0 }, async (o) => createFakeEngine(o.node));
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasDriver)('CQL wire server with python-driver (needs python3-cassandra)', () => {
  it.each(compressions)(
    'downgrades from DSE_V2 and v5 to v4, then prepares, inserts and pages (compression: %s)',
    async (compression) => {
      const script = fileURLToPath(new URL('./testing/pythonWire.py', import.meta.url));
      const child = spawn(PYTHON, [script, String(server?.port), compression], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
      expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({
        protocol: 4,
        keys: Array.from({ length: 25 }, (_, i) => i),
        compressed: compression !== 'none',
      });
      // The driver warns once per downgrade step; the last one lands on v4.
      expect(err).toContain('Downgrading core protocol version from 5 to 4');
    },
  );
});

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
// Compressed variants need Debian's python3-lz4 / python3-snappy. v5 compresses segments with lz4 only (the driver
// drops snappy there), so snappy runs at v4.
const lz4 = hasModule('lz4.block');
const cases: [string, number | null][] = [
  ['none', null],
  ...(lz4
    ? ([
        ['lz4', null],
        ['lz4', 4],
      ] as [string, number][])
    : []),
  ...(hasModule('snappy') ? ([['snappy', 4]] as [string, number][]) : []),
  ['none', 3],
];

let server: CqlServer | undefined;
beforeAll(async () => {
  if (hasDriver) server = await startCqlServer({ port: 0 }, async (o) => createFakeEngine(o.node));
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasDriver)('CQL wire server with python-driver (needs python3-cassandra)', () => {
  it.each(cases)(
    'negotiates (from DSE_V2 down to v5, or the version given), prepares, inserts and pages (compression: %s, version %s)',
    async (compression, version) => {
      const script = fileURLToPath(new URL('./testing/pythonWire.py', import.meta.url));
      const args = [script, String(server?.port), compression, ...(version === null ? [] : [String(version)])];
      const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
      expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({
        protocol: version ?? 5,
        keys: Array.from({ length: 25 }, (_, i) => i),
        compressed: compression !== 'none',
      });
      // The driver warns once per downgrade step; the last one lands on v5, with no round trip down to v4.
      if (version === null) expect(err).toContain('Downgrading core protocol version from 65 to 5');
      expect(err).not.toContain('to 4');
    },
  );
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/userstream.mjs');
const built = existsSync(join(ROOT, 'out/renderer/index.html'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('userstream web', () => {
  // npm test builds the renderer before vitest runs; a bare `vitest` in a fresh clone has nothing to serve.
  it.skipIf(!built)(
    'prints a tokenised loopback URL that serves the app, and stops on SIGTERM',
    { timeout: 120_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'userstream-web-'));
      dirs.push(dataDir);
      const child = spawn(process.execPath, [BIN, 'web', '--embedded', '--data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KAFKA_BROKER: '', CASSANDRA_HOST: '' },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      try {
        await expect.poll(() => out, { timeout: 60_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/);
        const url = /(http:\/\/\S+)/.exec(out)![1]!;
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<title>Userstream<\/title>/);
        child.kill('SIGTERM');
        const [code] = await once(child, 'exit');
        expect(code).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});

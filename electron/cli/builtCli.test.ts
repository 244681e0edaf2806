// The command a user runs: bin/userstream.mjs loading the built CLI from out/ (npm test builds before vitest runs).
// tsx is refused in this process, its worker threads and its children, so each test proves built code runs without a
// TypeScript loader: the CLI, the core's worker and the embedded stack's process.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtEntries } from '../backend/builtEntries';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/userstream.mjs');
const built = existsSync(join(ROOT, 'out/main/cli.js'));
const FORBID_TSX = `--import=${join(import.meta.dirname, 'testing/forbidTsx.mjs')}`;
const env = { ...process.env, NODE_OPTIONS: FORBID_TSX, KAFKA_BROKER: '', CASSANDRA_HOST: '' };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'userstream-built-'));
  dirs.push(dir);
  return dir;
};

/** Starts the built command, collects stdout, and resolves once `pattern` shows up in it. */
async function startBuilt(args: string[], pattern: RegExp) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const closed = once(child, 'close');
  try {
    await expect
      .poll(() => out + (child.exitCode === null ? '' : `exited: ${err}`), { timeout: 60_000 })
      .toMatch(pattern);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, out: () => out, closed };
}

// npm test builds before vitest runs; a bare `vitest` in a fresh clone has no out/ to run.
describe.skipIf(!built)('the built userstream command', () => {
  it('the guard works: tsx cannot load under it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { env, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/TypeScript loader at run time/);
  });

  it('--help answers from out/, and every entry the hosts start is built beside it', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: userstream <command>/);
    for (const path of Object.values(builtEntries(join(ROOT, 'out/main')))) expect(existsSync(path)).toBe(true);
  });

  it(
    'web --embedded: the built core worker and stack process serve the app; SIGTERM stops all',
    { timeout: 90_000 },
    async () => {
      const { child, out, closed } = await startBuilt(
        ['web', '--embedded', '--data-dir', tempDir()],
        /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/,
      );
      const page = await fetch(/(http:\/\/\S+)/.exec(out())![1]!);
      expect(page.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await closed;
      expect(code).toBe(0);
      expect(out()).toMatch(/Stopped\./);
    },
  );

  it('run --embedded: the built stack process comes up beside the pipeline', { timeout: 90_000 }, async () => {
    const { child, closed } = await startBuilt(
      ['run', '--embedded', '--data-dir', tempDir()],
      /embedded: Kafka 127\.0\.0\.1:\d+, CQL 127\.0\.0\.1:\d+/,
    );
    // The drain on SIGTERM is run.kill.test.ts's subject; the stack process ends with its parent's IPC channel.
    child.kill('SIGKILL');
    await closed;
  });
});

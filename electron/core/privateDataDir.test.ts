import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMetricsHistory } from '../pipeline/metricsHistory';
import { openRotatingFile } from '../pipeline/rotatingFile';
import { createCore } from './createCore';
import { securePrivateDataDir } from './privateDataDir';
import type { Core } from './types';

const modeOf = (path: string) => lstatSync(path).mode & 0o777;
const fresh = () => mkdtempSync(join(tmpdir(), 'us-modes-'));

/** Every directory and file under `dir` with its mode (symbolic links skipped). */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const info = lstatSync(full);
      if (info.isSymbolicLink()) continue;
      out[join(rel, name)] = info.mode & 0o777;
      if (info.isDirectory()) walk(full, join(rel, name));
    }
  };
  walk(dir, '');
  return out;
}

/** What an older version (or a umask of 022) left: everything readable by others. */
function worldReadableDataDir(): string {
  const dataDir = join(fresh(), 'data');
  for (const dir of ['', 'logs', 'errors', 'metrics', 'devstack/kafka/topics/users_created-0'])
    mkdirSync(join(dataDir, dir), { recursive: true, mode: 0o755 });
  const files = {
    'settings.json': '{}\n',
    'secrets.json': '{}',
    'logs/userstream.log': '{}\n',
    'logs/userstream.log.1': '{}\n',
    'logs/userstream.log.3': '{}\n',
    'errors/errors.jsonl': '',
    'metrics/history.json': '[]',
    'devstack/kafka/topics/users_created-0/00000000.log': 'x',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dataDir, name), text, { mode: 0o644 });
  chmodSync(dataDir, 0o755);
  return dataDir;
}

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

describe.skipIf(process.platform === 'win32')('the data dir is owner-only', () => {
  it('securePrivateDataDir: 0700 directories and 0600 files, existing ones fixed; nothing else touched', async () => {
    const dataDir = worldReadableDataDir();
    // Electron's userData also holds Chromium's profile, and a link may point anywhere: neither is ours to change.
    mkdirSync(join(dataDir, 'Cache'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'Cache', 'data_0'), 'x', { mode: 0o644 });
    const outside = join(fresh(), 'elsewhere.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(dataDir, 'logs', 'link.log'));

    expect(await securePrivateDataDir(dataDir)).toEqual([]);
    const found = modes(dataDir);
    delete found.Cache;
    delete found['Cache/data_0'];
    for (const [path, mode] of Object.entries(found))
      expect([path, mode]).toEqual([path, statSync(join(dataDir, path)).isDirectory() ? 0o700 : 0o600]);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['logs/userstream.log.3', 'errors/errors.jsonl']));
    expect(modeOf(join(dataDir, 'Cache', 'data_0'))).toBe(0o644);
    expect(modeOf(outside)).toBe(0o644);
  });

  it('leaves a shared directory such as /tmp (sticky bit) as it is, and says so', async () => {
    const shared = fresh();
    chmodSync(shared, 0o1777);
    const warnings = await securePrivateDataDir(shared);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(warnings).toEqual([expect.stringMatching(/is a shared directory/)]);
  });

  it('createCore fixes an existing data dir, and what it writes is owner-only', async () => {
    const dataDir = worldReadableDataDir();
    const core = await createCore({ dataDir, env: {} });
    cores.push(core);
    const saved = await core.saveSettings({ kafka: { topic: 'modes_test' }, devstack: { enabled: false } });
    expect(saved.ok).toBe(true);
    await core.close();
    cores.length = 0;
    for (const [path, mode] of Object.entries(modes(dataDir)))
      expect([path, mode]).toEqual([path, statSync(join(dataDir, path)).isDirectory() ? 0o700 : 0o600]);
    expect(modes(dataDir)).toMatchObject({ 'settings.json': 0o600, 'logs/userstream.log': 0o600 });
  });

  it('new logs (rotated ones too) and metrics history are created owner-only', async () => {
    const dir = join(fresh(), 'new');
    const log = openRotatingFile(join(dir, 'logs', 'userstream.log'), { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 10; i++) log.write(`${'x'.repeat(60)}\n`);
    log.close();
    const history = await openMetricsHistory({ file: join(dir, 'metrics', 'history.json'), intervalMs: 1000 });
    history.add({ at: Date.now() } as Parameters<typeof history.add>[0]);
    await history.close();
    expect(modes(dir)).toEqual({
      logs: 0o700,
      'logs/userstream.log': 0o600,
      'logs/userstream.log.1': 0o600,
      'logs/userstream.log.2': 0o600,
      metrics: 0o700,
      'metrics/history.json': 0o600,
    });
  });
});

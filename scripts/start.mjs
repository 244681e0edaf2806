#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where the Electron runtime can't be obtained (no access to Electron's
// release host, as on our build machines) it says so in one paragraph and starts the browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The runtime binary's path from node_modules/electron/path.txt, if it was ever downloaded. */
function installedRuntime() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** The Electron binary, downloading it once (quietly) when the install step couldn't; or why there is none. */
function electronRuntime() {
  const found = installedRuntime();
  if (found) return { ok: true, path: found };
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run "npm install")' };
  }
  const attempt = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 30_000 });
  const again = installedRuntime();
  if (again) return { ok: true, path: again };
  const why = `${attempt.stderr ?? ''}`
    .split('\n')
    .find((line) => /error|failed/i.test(line))
    ?.trim();
  return {
    ok: false,
    reason: `the Electron runtime is not installed and could not be downloaded${why ? ` (${why.replace(/\.$/, '')})` : ''}`,
  };
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const runtime = electronRuntime();
if (runtime.ok) {
  const run = spawnSync(runtime.path, ['.'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

console.log(
  `\nThe desktop window can't open here: ${runtime.reason}. (On a machine that can reach Electron's downloads, ` +
    '"npm start" fetches it once and opens the window.) Starting the same app in browser mode instead: open ' +
    'the address printed below. It uses the embedded dev stack unless KAFKA_BROKER / CASSANDRA_HOST or saved settings ' +
    'name a cluster.\n',
);

const args = ['bin/userstream.mjs', 'web', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where the Electron runtime can't be obtained (no access to Electron's
// release host, as on our build machines) it says so in one paragraph and starts the browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronRuntime() {
  try {
    // The electron package exports the binary's path; the binary itself is downloaded at install time.
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { ok: true, path };
    return { ok: false, reason: 'the electron package is installed but its runtime binary was never downloaded' };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
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
    '"npm install" fetches it and "npm start" opens the window.) Starting the same app in browser mode instead: open ' +
    'the address printed below. It uses the embedded dev stack unless KAFKA_BROKER / CASSANDRA_HOST or saved settings ' +
    'name a cluster.\n',
);

// Prefer the CLI's `userstream web`; fall back to the standalone host when this checkout's CLI doesn't have it yet.
const hasWebCommand =
  spawnSync(process.execPath, ['bin/userstream.mjs', 'web', '--help'], { encoding: 'utf8' }).status === 0;
const args = hasWebCommand
  ? ['bin/userstream.mjs', 'web', ...process.argv.slice(2)]
  : ['--import', 'tsx', 'electron/web/standalone.ts', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

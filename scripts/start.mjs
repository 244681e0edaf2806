#!/usr/bin/env node
// `npm start`: build, then open the desktop app. The Electron package downloads its runtime on first launch; where that
// download is impossible (no access to Electron's release host, as on our build machines) we say so plainly and exit 1.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronRuntime() {
  try {
    // Resolving the package runs its first-launch download when the binary is missing.
    return { ok: true, path: require('electron') };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const runtime = electronRuntime();
if (!runtime.ok) {
  console.error(
    '\nUserstream could not start its desktop window: the Electron runtime is not installed and could not be downloaded ' +
      `(${runtime.reason}). Fix: on a machine with internet access run "npx install-electron --no" (or delete ` +
      'node_modules/electron and run "npm install" again), then "npm start".',
  );
  process.exit(1);
}
const run = spawnSync(runtime.path, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 1);

import { spawnSync } from 'node:child_process';

/** Builds the renderer once before the specs (E2E_SKIP_BUILD=1 reuses out/ as it is). */
export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('electron-vite build failed; the e2e specs need out/renderer');
}

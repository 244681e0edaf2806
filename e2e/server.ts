// Starts one browser-mode host for one e2e test and prints `{"url": …}` on stdout. It uses the real core with the
// embedded stack (first run: pipeline and demo producer start by themselves); E2E_CORE=fake uses our fake core.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Core } from '../electron/core/types';
import { startWebHost } from '../electron/web';
import { createFakeCore } from '../electron/web/fakeCore';

async function makeCore(dataDir: string): Promise<{ core: Core; kind: 'real' | 'fake' }> {
  if (process.env.E2E_CORE !== 'fake') {
    // Imported lazily so E2E_CORE=fake runs even where the engine can't load.
    const { createCore } = await import('../electron/core');
    return { core: await createCore({ dataDir, embedded: true, env: {} }), kind: 'real' };
  }
  return { core: createFakeCore({ ratePerSecond: 5, badRatio: 0.1, tickMs: 500 }), kind: 'fake' };
}

const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'userstream-e2e-'));
const { core, kind } = await makeCore(dataDir);
const host = await startWebHost({ core, rendererDir: resolve('out/renderer'), port: 0 });
process.stdout.write(`${JSON.stringify({ url: host.url, core: kind, dataDir })}\n`);
const stop = () =>
  void host
    .close()
    .then(() => core.close())
    .finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

// Starts one browser-mode host for one e2e test and prints `{"url": …}` on stdout. It uses the real core with the
// embedded stack (first run: pipeline and demo producer start by themselves); E2E_CORE=fake uses our fake core.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInProcessBackend, startCoreWorker, type CoreBackend } from '../electron/backend';
import { startWebHost } from '../electron/web';
import { createFakeCore } from '../electron/web/fakeCore';

/** The settings environment a spec asked for (fixtures' `coreEnv`); never the runner's own. */
function coreEnv(): Record<string, string> {
  const parsed: unknown = JSON.parse(process.env.E2E_CORE_ENV ?? '{}');
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
}

async function makeBackend(dataDir: string): Promise<{ backend: CoreBackend; kind: 'real' | 'fake' }> {
  if (process.env.E2E_CORE !== 'fake') {
    // As `userstream web` runs it: the core in its worker thread.
    // E2E_MONITOR=1: as `userstream web --monitor` runs it, against the cluster coreEnv names (no embedded stack).
    const monitor = process.env.E2E_MONITOR === '1';
    return {
      backend: await startCoreWorker({
        core: { dataDir, embedded: !monitor, env: coreEnv(), ...(monitor ? { monitor: true } : {}) },
        host: 'web',
      }),
      kind: 'real',
    };
  }
  const core = createFakeCore({
    ratePerSecond: 5,
    badRatio: 0.1,
    tickMs: 500,
    // A table already holding users, read slowly: lets a test cancel an export mid-way.
    seedUsers: Number(process.env.E2E_SEED_USERS ?? 0),
    scanPageDelayMs: Number(process.env.E2E_SCAN_DELAY_MS ?? 0),
  });
  return { backend: createInProcessBackend({ core, host: 'web' }), kind: 'fake' };
}

const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'userstream-e2e-'));
const { backend, kind } = await makeBackend(dataDir);
const host = await startWebHost({ backend, rendererDir: resolve('out/renderer'), port: 0 });
process.stdout.write(`${JSON.stringify({ url: host.url, core: kind, dataDir })}\n`);
const stop = () =>
  void host
    .close()
    .then(() => backend.close())
    .finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';

/** One running browser-mode host, private to the test. */
export interface AppServer {
  url: string;
  core: 'real' | 'fake';
  dataDir: string;
}

function startServer(
  coreEnv: Record<string, string>,
  serverEnv: Record<string, string>,
): Promise<{ server: AppServer; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...serverEnv, E2E_CORE_ENV: JSON.stringify(coreEnv) },
  });
  return new Promise((ready, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ready({ server: JSON.parse(line) as AppServer, child }));
    child.once('exit', (code) => fail(new Error(`e2e server exited with ${code} before printing its URL`)));
  });
}

/**
 * `app`: a fresh host (embedded stack, demo producer) per test, and `page` already opened on it. `coreEnv`: the
 * environment the core reads its settings from (`test.use({ coreEnv: { KAFKA_TOPIC: 'x' } })`), empty by default.
 * `serverEnv` adds variables for e2e/server.ts itself (e.g. `E2E_CORE: 'fake'` with a slow scan, for a cancel that
 * must land mid-way).
 */
export const test = base.extend<{
  app: AppServer;
  coreEnv: Record<string, string>;
  serverEnv: Record<string, string>;
}>({
  coreEnv: [{}, { option: true }],
  serverEnv: [{}, { option: true }],
  app: [
    async ({ page, coreEnv, serverEnv }, use) => {
      const { server, child } = await startServer(coreEnv, serverEnv);
      await page.goto(server.url);
      await use(server);
      await page.close();
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    },
    { auto: true },
  ],
});

export { expect };

/** Saves a screenshot as an artifact: e2e/artifacts/NAME.png. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/artifacts', { recursive: true });
  await page.screenshot({ path: `e2e/artifacts/${name}.png` });
}

/** The pipeline state element every view shows. */
export const pipelineState = (page: Page) => page.getByRole('status', { name: 'Pipeline state' });

/** Opens a view from the left navigation. */
export async function openView(
  page: Page,
  name: 'Dashboard' | 'Users' | 'Errors' | 'Workers' | 'Settings' | 'Logs',
): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** The exact number behind a tile (its title holds the exact value). */
export async function tileNumber(page: Page, label: string): Promise<number> {
  const text = (await page.getByRole('group', { name: label }).locator('.tile-value').getAttribute('title')) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

/** The Users view's "N written by this pipeline" figure (from the live metrics; no query). */
export async function writtenCount(page: Page): Promise<number> {
  return Number(((await page.getByTestId('users-written').textContent()) ?? '0').replace(/\D/g, ''));
}

/** Presses "Count exactly" in the Users view and returns the answer (a token-range scan of ids in the core). */
export async function tableCount(page: Page): Promise<number> {
  const exact = page.getByTestId('users-exact');
  const before = (await exact.count()) > 0 ? await exact.getAttribute('data-at') : null;
  await page.getByRole('button', { name: /^Count exactly/ }).click();
  await expect(exact).not.toHaveAttribute('data-at', before ?? '', { timeout: 30_000 });
  await expect(exact).toHaveAttribute('data-at', /\d+/);
  return Number(((await exact.textContent()) ?? '').replace(/ at .*/, '').replace(/\D/g, ''));
}

/** Waits until the exact count stops moving (after Stop) and returns it. */
export async function settledTableCount(page: Page): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await tableCount(page);
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [1500], timeout: 30_000 },
    )
    .toBe(true);
  return last;
}

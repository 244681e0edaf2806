import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The Electron binary's path, or why there is none. Read from the package's path.txt rather than require('electron'),
 * which would try to download the runtime in the middle of a test run.
 */
function electronRuntime(): { path: string } | { reason: string } {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile))
      return { reason: 'the Electron runtime was never downloaded (node_modules/electron has no path.txt)' };
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? { path: binary } : { reason: `the Electron runtime binary is missing (${binary})` };
  } catch (error) {
    return {
      reason: `the electron package is not installed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}

const runtime = electronRuntime();

test('desktop window: first run shows the pipeline state and users', async () => {
  test.skip('reason' in runtime, 'reason' in runtime ? runtime.reason : '');
  const app = await electron.launch({
    args: ['.'],
    env: { ...process.env, USERSTREAM_DATA_DIR: mkdtempSync(join(tmpdir(), 'userstream-electron-')) },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('status', { name: 'Pipeline state' })).toBeVisible();
  await expect(window.getByRole('list', { name: 'Recent users' }).getByRole('listitem').first()).toBeVisible({
    timeout: 20_000,
  });
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  // Served from the privileged app:// scheme under the header CSP: no connection elsewhere, no permission granted.
  expect(window.url()).toMatch(/^app:\/\/userstream\//);
  // A CSP block shows as a violation event (a plain failure could be CORS or no network).
  const violated = await window.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        void fetch('https://example.com/').catch(() => undefined);
        setTimeout(() => resolve('no violation'), 5_000);
      }),
  );
  expect(violated).toBe('connect-src');
  expect(
    await window.evaluate(() =>
      navigator.permissions.query({ name: 'notifications' as PermissionName }).then((p) => p.state),
    ),
  ).toBe('denied');
  await app.close();
});

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron as electron, expect, test } from '@playwright/test';

/** The Electron binary's path, or why there is none (the npm package downloads it on install; our CI can't). */
function electronRuntime(): { path: string } | { reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `the electron package has no runtime binary (${String(path)})` };
  } catch (error) {
    return {
      reason: `the Electron runtime is not installed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}

const runtime = electronRuntime();

test('desktop window: first run shows the pipeline state and users', async () => {
  test.skip('reason' in runtime, 'reason' in runtime ? runtime.reason : '');
  const app = await electron.launch({
    args: ['.'],
    env: { ...process.env, USERSTREAM_DATA_DIR: `${process.cwd()}/e2e/test-results/electron-data` },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('status', { name: 'Pipeline state' })).toBeVisible();
  await expect(window.getByRole('list', { name: 'Recent users' }).getByRole('listitem').first()).toBeVisible({
    timeout: 20_000,
  });
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});

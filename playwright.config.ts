import { defineConfig } from '@playwright/test';

// End-to-end tests against the browser mode, in Debian's Chromium (never a Playwright-downloaded browser). Each test
// starts its own host with the embedded stack (e2e/fixtures.ts); one worker, because the machine has two cores.
export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'e2e/test-results',
  globalSetup: './e2e/globalSetup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'browser-mode', testIgnore: /electron\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});

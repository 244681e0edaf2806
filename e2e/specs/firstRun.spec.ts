import { expect, openView, pipelineState, shoot, test, tileNumber } from '../fixtures';

test('first run: the embedded stack and demo producer start by themselves and users show within 10 s', async ({
  page,
  app,
}) => {
  await expect(pipelineState(page)).toContainText(/Running|Connecting/);
  await expect(page.getByRole('list', { name: 'Recent users' }).getByRole('listitem').first()).toBeVisible({
    timeout: 10_000,
  });
  await expect(pipelineState(page)).toContainText('Running');
  await expect(page.getByRole('note', { name: 'Embedded stack' })).toContainText('Embedded dev stack');
  await expect(page.getByRole('link', { name: 'Connect to a cluster' })).toBeVisible();
  for (const name of ['Dashboard', 'Users', 'Errors', 'Settings', 'Logs']) {
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('group', { name: 'Kafka up' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Cassandra up' })).toBeVisible();
  // The embedded store reports Cassandra 5.0, so exact search goes through SAI indexes and the chip says so.
  await expect(page.getByRole('group', { name: 'Cassandra up' })).toContainText('search: SAI indexes');
  // Let a few seconds of history draw the charts before the picture.
  await expect(
    page.getByRole('figure', { name: 'Throughput (msg/s)' }).locator('.recharts-line-curve'),
  ).not.toHaveCount(0);
  await page.waitForFunction(() => document.querySelectorAll('.feed-item').length >= 5, undefined, { timeout: 20_000 });
  // A quarter minute of history makes a picture worth showing.
  await expect.poll(() => tileNumber(page, 'Users ingested'), { timeout: 30_000 }).toBeGreaterThan(60);
  await shoot(page, `dashboard-${app.core}`);

  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, `dashboard-dark-${app.core}`);
  await page.emulateMedia({ colorScheme: 'light' });

  await openView(page, 'Logs');
  await expect(page.getByRole('log', { name: 'Log lines' })).toContainText(/pipeline|running|started/i);
  await expect(page.getByTestId('log-file')).toContainText(/\.log$/);
  await shoot(page, `logs-${app.core}`);
});

test('every view is keyboard reachable and the controls stay on every view', async ({ page }) => {
  for (const name of ['Users', 'Errors', 'Settings', 'Logs', 'Dashboard'] as const) {
    await openView(page, name);
    await expect(pipelineState(page)).toBeVisible();
    for (const button of ['Start', 'Stop'])
      await expect(page.getByRole('button', { name: button, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Pause|Resume)$/ })).toBeVisible();
  }
  await page.reload();
  await expect(pipelineState(page)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
});

import { readFile } from 'node:fs/promises';
import { expect, openView, pipelineState, settledTableCount, tableCount, test } from '../fixtures';

test('export writes a file with one row per user in the table', async ({ page }) => {
  await openView(page, 'Users');
  await expect.poll(() => tableCount(page), { timeout: 30_000, intervals: [1000] }).toBeGreaterThan(10);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Stopped');
  const count = await settledTableCount(page);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await readFile((await (await csvDownload).path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'id,first_name,last_name,dob,gender,address,postal_code,username,email,phone,registered_date,picture',
  );
  expect(lines.length - 1).toBe(count);
  await expect(page.getByText(`Exported ${count.toLocaleString('en')} users as CSV.`)).toBeVisible();

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const rows = JSON.parse(await readFile((await (await jsonDownload).path())!, 'utf8')) as { id: string }[];
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((r) => r.id)).size).toBe(count);
});

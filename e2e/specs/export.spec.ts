import { readFile } from 'node:fs/promises';
import { expect, openView, pipelineState, settledTableCount, test, writtenCount } from '../fixtures';

const HEADER = 'id,first_name,last_name,dob,gender,address,postal_code,username,email,phone,registered_date,picture';

test('export streams a file from the core with one line per user plus the header; JSON Lines likewise', async ({
  page,
}) => {
  await openView(page, 'Users');
  // Cassandra's estimate (the store's system.size_estimates), labelled as such, beside what the pipeline wrote.
  await expect(page.getByTestId('users-estimate')).toHaveText(/^≈ [\d.,]+[KMB]? users \(Cassandra's estimate, read /);
  await expect.poll(() => writtenCount(page), { timeout: 30_000, intervals: [1000] }).toBeGreaterThan(10);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Stopped');
  const count = await settledTableCount(page);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await readFile((await (await csvDownload).path())!, 'utf8');
  const lines = csv.trimEnd().split('\n');
  expect(lines[0]).toBe(HEADER);
  expect(lines).toHaveLength(count + 1);
  await expect(page.getByTestId('export-outcome')).toContainText(`Exported ${count.toLocaleString('en')} users as CSV`);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON Lines' }).click();
  const rows = (await readFile((await (await jsonDownload).path())!, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string });
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((r) => r.id)).size).toBe(count);
});

test.describe('with a large, slow table', () => {
  // The fake core over 20k users read 1,000 per 250 ms: the export runs long enough to cancel mid-way.
  test.use({ serverEnv: { E2E_CORE: 'fake', E2E_SEED_USERS: '20000', E2E_SCAN_DELAY_MS: '250' } });

  test('Cancel stops the export: the download fails instead of leaving a short file, and the view says so', async ({
    page,
  }) => {
    await openView(page, 'Users');
    await expect(page.getByTestId('users-estimate')).toHaveText(/≈ 20K users/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const progress = page.getByRole('status', { name: /Export CSV progress/ });
    await expect(progress).toContainText(/[\d,]+ \/ ≈ 20,0\d\d users/);
    await page.getByRole('button', { name: 'Cancel export' }).click();
    expect(await (await download).failure()).not.toBeNull();
    await expect(page.getByTestId('export-outcome')).toContainText(
      /Export cancelled after [\d,]+ users; no file was kept/,
    );
  });
});

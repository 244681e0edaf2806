import { expect, openView, pipelineState, tableCount, tileNumber, test } from '../fixtures';

test('Pause, Resume, Stop and Start keep the counts consistent and add no duplicate rows', async ({ page }) => {
  await expect(page.getByRole('list', { name: 'Recent users' }).getByRole('listitem').first()).toBeVisible({
    timeout: 10_000,
  });

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Paused');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  // While paused the ingested count settles and stays put.
  let settled = -1;
  await expect
    .poll(
      async () => {
        const now = await tileNumber(page, 'Users ingested');
        const same = now === settled;
        settled = now;
        return same;
      },
      { intervals: [1500], timeout: 20_000 },
    )
    .toBe(true);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Running');
  await expect.poll(() => tileNumber(page, 'Users ingested'), { timeout: 15_000 }).toBeGreaterThan(settled);

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Stopped');
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  // Every user written exactly once: once the last snapshot is in, the table holds as many rows as the pipeline wrote.
  const ingested = await tileNumber(page, 'Users ingested');
  await openView(page, 'Users');
  await expect
    .poll(
      async () => {
        const table = await tableCount(page);
        await openView(page, 'Dashboard');
        const tile = await tileNumber(page, 'Users ingested');
        await openView(page, 'Users');
        return table === tile && table >= ingested;
      },
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(true);

  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Running');
  await openView(page, 'Dashboard');
  await expect.poll(() => tileNumber(page, 'Users ingested'), { timeout: 15_000 }).toBeGreaterThan(ingested);
});

import { expect, openView, pipelineState, shoot, test, writtenCount } from '../fixtures';

test('Users pages forward and back without repeats, finds a user by email and shows all fields', async ({
  page,
  app,
}) => {
  // Enough rows for three pages of 10, then a still table.
  await openView(page, 'Users');
  await expect.poll(() => writtenCount(page), { timeout: 30_000, intervals: [1000] }).toBeGreaterThan(25);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(pipelineState(page)).toContainText('Stopped');
  await page.getByRole('combobox', { name: 'Page size' }).selectOption('10');

  const table = page.getByRole('table', { name: 'Users' });
  // The body's rows (the header row is in the first row group); virtualised, so only rows in view exist.
  const rows = table.getByRole('rowgroup').nth(1).getByRole('row');
  const emails = async () => (await rows.locator('[role=cell]:nth-child(4)').allTextContents()).filter(Boolean);
  await expect(rows).toHaveCount(10);
  // What Cassandra cannot serve is said, not hidden.
  await expect(page.getByText(/Sorting by a column would mean reading the whole table/).first()).toBeVisible();
  const first = await emails();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('page-label').first()).toHaveText('Page 2');
  await expect.poll(async () => (await emails())[0]).not.toBe(first[0]);
  const second = await emails();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('page-label').first()).toHaveText('Page 3');
  await expect.poll(async () => (await emails())[0]).not.toBe(second[0]);
  const third = await emails();
  const all = [...first, ...second, ...third];
  expect(new Set(all).size).toBe(all.length);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByTestId('page-label').first()).toHaveText('Page 2');
  await expect.poll(emails).toEqual(second);
  await shoot(page, `users-table-${app.core}`);

  // A user's detail and back, then another view and back: still page 2, the same rows.
  await rows.first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await openView(page, 'Dashboard');
  await openView(page, 'Users');
  await expect(page.getByTestId('page-label').first()).toHaveText('Page 2');
  await expect.poll(emails).toEqual(second);

  const target = second[3]!;
  await page.getByRole('searchbox', { name: 'Exact value' }).fill(target);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  const detail = page.getByRole('dialog');
  const fields = detail.getByRole('definition');
  await expect(fields).toHaveCount(12);
  for (const name of [
    'id',
    'first_name',
    'last_name',
    'dob',
    'gender',
    'address',
    'postal_code',
    'username',
    'email',
    'phone',
    'registered_date',
    'picture',
  ]) {
    await expect(detail.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) })).toBeVisible();
  }
  await expect(detail).toContainText(target);
  await shoot(page, `user-detail-${app.core}`);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Clear search' }).click();
  await page.getByRole('tab', { name: 'Cards' }).click();
  await expect(page.getByRole('list', { name: 'User cards' }).getByRole('listitem').first()).toBeVisible();
  await shoot(page, `users-cards-${app.core}`);
  await page.getByRole('tab', { name: 'Demographics' }).click();
  await page.getByRole('button', { name: 'Whole table' }).click();
  await expect(page.getByText(/Over all [\d,]+ users/)).toBeVisible();
  await shoot(page, `users-demographics-${app.core}`);
});

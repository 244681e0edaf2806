import { randomUUID } from 'node:crypto';
import { expect, openView, shoot, test } from '../fixtures';

test('bad messages show in Errors with their reason, and one replayed after editing is ingested', async ({
  page,
  app,
}) => {
  await openView(page, 'Errors');
  const rows = page.getByRole('table', { name: 'Rejected messages' }).getByRole('row');
  await expect(rows.nth(1)).toBeVisible({ timeout: 60_000 });
  await expect(rows.nth(1).locator('.badge')).toHaveText(/\w+/);
  await expect(page.getByText(/dead-letter topic/)).toBeVisible();
  await expect.poll(() => rows.count(), { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(4);
  await shoot(page, `errors-${app.core}`);

  await rows.nth(1).click();
  const dialog = page.getByRole('dialog', { name: 'Rejected message' });
  await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText(':');
  await shoot(page, `error-detail-${app.core}`);
  await dialog.getByRole('button', { name: 'Edit and replay' }).click();

  const editor = dialog.getByRole('textbox', { name: 'Edited value (JSON)' });
  await editor.fill('{ "first_name": ');
  await expect(dialog.getByText(/Not valid JSON/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Replay to topic' })).toBeDisabled();

  const email = `replayed-${randomUUID().slice(0, 8)}@example.com`;
  const fixed = {
    id: randomUUID(),
    first_name: 'Replay',
    last_name: 'Fixed',
    gender: 'female',
    address: '1 Main St, Springfield, IL, United States',
    post_code: '12345',
    email,
    username: email.split('@')[0],
    dob: '1990-01-01T00:00:00.000Z',
    registered_date: '2020-01-01T00:00:00.000Z',
    phone: '555-0100',
    picture: 'https://randomuser.me/api/portraits/women/1.jpg',
  };
  await editor.fill(JSON.stringify(fixed, null, 2));
  await dialog.getByRole('button', { name: 'Replay to topic' }).click();
  await expect(dialog.getByRole('status')).toContainText(/Replayed to .* partition \d+ at offset \d+/);
  await page.keyboard.press('Escape');

  if (app.core === 'fake') return; // The fake core doesn't decode replayed values into rows.
  await openView(page, 'Users');
  await page.getByRole('searchbox', { name: 'Exact value' }).fill(email);
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        return page.getByRole('table', { name: 'Users' }).getByRole('row').count();
      },
      { timeout: 20_000, intervals: [1000] },
    )
    .toBe(2);
  await expect(page.getByRole('table', { name: 'Users' })).toContainText('Replay Fixed');
});

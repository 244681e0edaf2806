import { createServer } from 'node:net';
import { expect, openView, shoot, test } from '../fixtures';

/** A port nobody listens on: bind, read the number, close. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

test('Settings rejects an invalid broker inline, and Test Kafka against a closed port says so clearly', async ({
  page,
  app,
}) => {
  await openView(page, 'Settings');
  const brokers = page.getByRole('textbox', { name: 'Brokers' });
  await brokers.fill('localhost:9092, no-port');
  await expect(page.getByText('Brokers (entry 2): expected a broker as host:port (e.g. localhost:9092)')).toBeVisible();
  await expect(brokers).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save and restart pipeline' })).toBeDisabled();
  await shoot(page, `settings-invalid-${app.core}`);

  const port = await closedPort();
  await brokers.fill(`127.0.0.1:${port}`);
  await expect(brokers).not.toHaveAttribute('aria-invalid', 'true');
  const started = Date.now();
  await page.getByRole('button', { name: 'Test Kafka' }).click();
  const report = page.getByRole('status').filter({ hasText: /Failed/ });
  await expect(report).toBeVisible({ timeout: 15_000 });
  await expect(report).toContainText(String(port));
  expect(Date.now() - started).toBeLessThan(15_000);
  await shoot(page, `settings-test-kafka-${app.core}`);
});

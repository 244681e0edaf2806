import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLOSED_PORT } from '../../electron/devstack/testing/ports';
import { expect, openView, pipelineState, shoot, test } from '../fixtures';

/** A second embedded stack in its own process (`userstream devstack` on free ports), as a person would run one. */
function startOtherDevstack(): Promise<{ kafka: string; cql: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/userstream.mjs', 'devstack', '--kafka-port', '0', '--cql-port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const close = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((ready, fail) => {
    let kafka = '';
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const k = /^Kafka protocol\s+(\S+)/.exec(line);
      if (k?.[1]) kafka = k[1];
      const c = /^CQL protocol\s+(\S+)/.exec(line);
      if (c?.[1]) ready({ kafka, cql: c[1], close });
    });
    child.once('exit', (code) => fail(new Error(`userstream devstack exited with ${code}`)));
  });
}

test('Settings rejects an invalid broker inline, and Test Kafka against a closed port says so clearly', async ({
  page,
  app,
}) => {
  await page.getByRole('link', { name: 'Connect to a cluster' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByRole('checkbox', { name: /Use the embedded dev stack/ }).uncheck();
  // No keychain in browser mode: the password fields say how long a password lasts.
  await expect(
    page.getByText(/Browser mode has no keychain: passwords last for this run only \(or set KAFKA_SASL_PASSWORD\)/),
  ).toBeVisible();
  const brokers = page.getByRole('textbox', { name: 'Brokers' });
  await brokers.fill('localhost:9092, no-port');
  await expect(page.getByText('Brokers (entry 2): expected a broker as host:port (e.g. localhost:9092)')).toBeVisible();
  await expect(brokers).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save and restart pipeline' })).toBeDisabled();
  await shoot(page, `settings-invalid-${app.core}`);

  const port = CLOSED_PORT;
  await brokers.fill(`127.0.0.1:${port}`);
  await expect(brokers).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Test Kafka' }).click();
  const report = page.getByRole('status').filter({ hasText: /^Failed/ });
  await expect(report).toBeVisible({ timeout: 15_000 });
  await expect(report).toContainText(String(port));
  await shoot(page, `settings-test-kafka-${app.core}`);
});

test('pointing the app at a second devstack on other ports makes data flow from it', async ({ page, app }) => {
  test.skip(app.core === 'fake', 'needs the real engine');
  const other = await startOtherDevstack();
  try {
    await openView(page, 'Settings');
    await page.getByRole('checkbox', { name: /Use the embedded dev stack/ }).uncheck();
    await page.getByRole('textbox', { name: 'Brokers' }).fill(other.kafka);
    await page.getByRole('textbox', { name: 'Contact points' }).fill(other.cql);
    await page.getByRole('button', { name: 'Test Cassandra' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^OK/ })).toBeVisible();
    await page.getByRole('button', { name: 'Save and restart pipeline' }).click();
    await expect(page.getByText('Saved. The pipeline restarted with the new settings.')).toBeVisible({
      timeout: 30_000,
    });
    await expect(pipelineState(page)).toContainText('Running', { timeout: 30_000 });

    // A user produced straight into the second cluster's topic shows up in the app.
    const email = `second-${randomUUID().slice(0, 8)}@example.com`;
    const kafka = new Kafka({ brokers: [other.kafka], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'users_created',
      messages: [
        {
          value: JSON.stringify({
            id: randomUUID(),
            first_name: 'Second',
            last_name: 'Cluster',
            gender: 'male',
            address: '2 Side St, Town, Norway',
            post_code: '0150',
            email,
            username: email.split('@')[0],
            dob: '1985-05-05T00:00:00.000Z',
            registered_date: '2021-02-02T00:00:00.000Z',
            phone: '555-0199',
            picture: 'https://randomuser.me/api/portraits/men/2.jpg',
          }),
        },
      ],
    });
    await producer.disconnect();
    await openView(page, 'Users');
    await page.getByRole('searchbox', { name: 'Exact value' }).fill(email);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Search', exact: true }).click();
          return page.getByRole('table', { name: 'Users' }).getByRole('rowgroup').nth(1).getByRole('row').count();
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe(1);
  } finally {
    await other.close();
  }
});

test('switching the connection profile in the header restarts the pipeline on it', async ({ page, app }) => {
  test.skip(app.core === 'fake', 'the fake core has one profile');
  await expect(pipelineState(page)).toContainText('Running', { timeout: 30_000 });
  const switcher = page.getByRole('combobox', { name: 'Connection profile' });
  await expect(switcher.locator('option:checked')).toHaveText(/Embedded stack/);

  await openView(page, 'Settings');
  await page.getByRole('textbox', { name: 'New profile' }).fill('Second copy');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created Second copy' })).toBeVisible();

  // One click in the header: the pipeline stops, the profile goes into force, the pipeline starts again on it.
  await switcher.selectOption({ label: 'Second copy (embedded)' });
  await expect(switcher.locator('option:checked')).toHaveText(/Second copy/);
  await expect(page.getByText('Editing the profile Second copy.')).toBeVisible();
  await expect(pipelineState(page)).toContainText('Running', { timeout: 30_000 });
  await shoot(page, `settings-profile-switched-${app.core}`);
  await openView(page, 'Logs');
  await expect(page.getByText('profile switched').first()).toBeVisible({ timeout: 15_000 });
});

test.describe('with KAFKA_TOPIC set in the environment', () => {
  test.use({ coreEnv: { KAFKA_TOPIC: 'env_topic_e2e' } });

  test('the field shows the value in force, read-only, and says where it comes from', async ({ page, app }) => {
    test.skip(app.core === 'fake', 'the fake core has no environment');
    await openView(page, 'Settings');
    const topic = page.getByRole('textbox', { name: 'Topic', exact: true });
    await expect(topic).toHaveValue('env_topic_e2e');
    await expect(topic).toHaveAttribute('readonly', '');
    await expect(page.getByText('from KAFKA_TOPIC')).toBeVisible();
    // With the embedded stack on, the cluster fields show its address and cannot be edited either.
    const brokers = page.getByRole('textbox', { name: 'Brokers' });
    await expect(brokers).toHaveValue(/^127\.0\.0\.1:\d+$/);
    await expect(brokers).toHaveAttribute('readonly', '');
    await shoot(page, `settings-env-readonly-${app.core}`);
  });
});

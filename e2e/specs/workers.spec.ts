// The browser mode as a pure monitor (`web --monitor`) watching three `userstream run` processes that share a group on
// an embedded stack of their own: all three listed with partitions adding up to the topic's and the monitor not among
// them; SIGKILL of one → shown stale within 15 s, then gone once the group dropped it (10 s session timeout), its
// partitions shown on the other two and the rebalance on the Dashboard's timeline; every user produced before and
// after the kill counted in the table once.
// (The process-level side of the same scenario, with the table's ids: electron/core/fleetReader.int.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SOURCE_CLI_ARGS } from '../../electron/cli/testing/sourceCli';
import { spawnWorker, type WorkerProcess } from '../../electron/cli/testing/workerProcess';
import { makeMessages, produceValues } from '../../electron/pipeline/testing/fixtures';
import { expect, openView, pipelineState, shoot, tableCount, test, tileNumber } from '../fixtures';

// Below the ephemeral range, random per run: the monitor is told these addresses before the stack starts.
const KAFKA_PORT = 21_000 + Math.floor(Math.random() * 4_000);
const CQL_PORT = KAFKA_PORT + 4_000;
const KAFKA = `127.0.0.1:${KAFKA_PORT}`;
const TOPIC = `fleet_${process.pid}_${Date.now()}`;
const GROUP = `fleet_group_${process.pid}`;

/** `userstream devstack` in a child process; resolves once it prints its addresses. */
function startStack(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...SOURCE_CLI_ARGS, 'devstack', '--kafka-port', String(KAFKA_PORT), '--cql-port', String(CQL_PORT)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/CQL[^\n]*?127\.0\.0\.1:\d+/.test(out) && /Kafka protocol/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`devstack exited with ${code}: ${out}`)));
  });
}

/** The summary line says every partition of the topic is assigned, to `members` members. */
async function allAssigned(page: Page, members: number): Promise<boolean> {
  const summary = (await page.getByTestId('fleet-summary').textContent()) ?? '';
  const m = /(\d+) members, (\d+) of (\d+) partitions assigned/.exec(summary);
  return !!m && Number(m[1]) === members && m[2] === m[3] && Number(m[3]) > 0;
}

test.describe('web --monitor', () => {
  test.use({
    serverEnv: { E2E_MONITOR: '1' },
    coreEnv: { KAFKA_BROKER: KAFKA, KAFKA_TOPIC: TOPIC, KAFKA_GROUP: GROUP, CASSANDRA_HOST: `127.0.0.1:${CQL_PORT}` },
  });

  test('three workers listed; one killed goes stale, then gone, the others take its partitions; every user once', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const stack = await startStack();
    const before = makeMessages(200, 0, 41);
    const after = makeMessages(200, 0, 42);
    await produceValues(KAFKA, TOPIC, before.good);
    const workers: WorkerProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        workers.push(
          spawnWorker([
            ...['--brokers', KAFKA, '--cassandra', `127.0.0.1:${CQL_PORT}`, '--topic', TOPIC, '--group', GROUP],
            ...['--data-dir', mkdtempSync(join(tmpdir(), `e2e-worker-${i}-`))],
          ]),
        );
      }
      await openView(page, 'Workers');
      const table = page.getByRole('table', { name: 'Workers' });
      const rows = table.getByTestId('worker-row');
      await expect(table.locator('[data-testid="worker-row"][data-liveness="live"]')).toHaveCount(3, {
        timeout: 90_000,
      });
      // Every partition of the topic assigned exactly once, to the three workers: the monitor is not a member.
      await expect.poll(() => allAssigned(page, 3), { timeout: 60_000 }).toBe(true);
      await expect(rows).toHaveCount(3);
      const partitions = (await rows.getByTestId('worker-partitions').allTextContents()).flatMap((t) =>
        t.split(',').map((p) => p.trim()),
      );
      expect(new Set(partitions).size).toBe(partitions.length);
      await shoot(page, 'workers');

      const killedPid = Number(/pid (\d+)/.exec((await rows.nth(0).textContent()) ?? '')?.[1]);
      workers.find((w) => w.child.pid === killedPid)!.child.kill('SIGKILL');
      const killed = rows.filter({ hasText: `pid ${killedPid}` });
      const killedClient = ((await killed.locator('.mono').first().textContent()) ?? '').trim();
      await expect(killed).toHaveAttribute('data-liveness', 'stale', { timeout: 15_000 });
      await expect(killed.getByText('Stale')).toBeVisible();
      await shoot(page, 'workers-stale');
      await expect(killed).toHaveAttribute('data-liveness', 'gone', { timeout: 30_000 });
      await expect(killed.getByText('Gone')).toBeVisible();
      await expect(killed).toContainText('not in the group');
      await expect.poll(() => allAssigned(page, 2), { timeout: 30_000 }).toBe(true);
      await openView(page, 'Dashboard');
      await expect(page.getByRole('group', { name: 'Workers' })).toContainText('(0 stale)');
      // The rebalance is on the Dashboard's timeline, naming the worker that left.
      await expect(page.getByRole('region', { name: 'Rebalances' })).toContainText(`${killedClient} left`);
      await shoot(page, 'dashboard-rebalances');

      await produceValues(KAFKA, TOPIC, after.good);
      await openView(page, 'Users');
      const produced = before.ids.size + after.ids.size;
      await expect.poll(() => tableCount(page), { timeout: 60_000, intervals: [1_000] }).toBe(produced);
      // The monitor runs no pipeline: its Dashboard adds up the live workers' heartbeats, so the two that are left
      // count at least the users produced after the kill (the killed one's share is gone with it).
      await openView(page, 'Dashboard');
      await expect
        .poll(() => tileNumber(page, 'Users ingested'), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(after.ids.size);
      await shoot(page, 'dashboard-monitor');
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      stack.kill('SIGTERM');
    }
  });
});

// The app on its embedded stack (first run: consuming), switched to "Monitor only" in Settings: the pipeline leaves
// the group, Start is off with the reason beside it, the Workers view still reads the group, and a reload keeps it.
test('the Monitor only setting turns the app into a monitor, and stays on', async ({ page }) => {
  await expect(pipelineState(page)).toContainText('Running', { timeout: 60_000 });
  await openView(page, 'Settings');
  const monitorOnly = page.getByRole('checkbox', { name: /^Monitor only/ });
  await expect(monitorOnly).not.toBeChecked();
  await monitorOnly.check();
  await page.getByRole('button', { name: 'Save and restart pipeline' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 30_000 });

  const start = page.getByRole('button', { name: 'Start', exact: true });
  await expect(page.getByTestId('monitor-only')).toBeVisible();
  await expect(start).toBeDisabled();
  await expect(start).toHaveAttribute('title', /^Monitor only: .*never consumes/);
  await expect(pipelineState(page)).not.toContainText('Running');

  await openView(page, 'Workers');
  await expect(page.getByTestId('fleet-summary')).toContainText(/: 0 members, 0 of \d+ partitions assigned/, {
    timeout: 30_000,
  });

  await page.reload();
  await expect(page.getByTestId('monitor-only')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  await openView(page, 'Settings');
  await expect(page.getByRole('checkbox', { name: /^Monitor only/ })).toBeChecked();
});

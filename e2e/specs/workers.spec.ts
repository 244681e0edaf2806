// The browser mode as a pure monitor (`web --monitor`) watching three `userstream run` processes that share a group on
// an embedded stack of their own: all three listed with partitions adding up to the topic's; SIGKILL of one → shown
// stale within 15 s; a clean stop of another → gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE_CLI_ARGS } from '../../electron/cli/testing/sourceCli';
import { spawnWorker, type WorkerProcess } from '../../electron/cli/testing/workerProcess';
import { expect, openView, test } from '../fixtures';

// Below the ephemeral range, random per run: the monitor is told this address before the stack starts.
const KAFKA_PORT = 21_000 + Math.floor(Math.random() * 4_000);
const TOPIC = `fleet_${process.pid}_${Date.now()}`;
const GROUP = `fleet_group_${process.pid}`;

test.use({
  serverEnv: { E2E_MONITOR: '1' },
  coreEnv: { KAFKA_BROKER: `127.0.0.1:${KAFKA_PORT}`, KAFKA_TOPIC: TOPIC, KAFKA_GROUP: GROUP },
});

/** `userstream devstack` in a child process; resolves with its CQL address once it prints its addresses. */
function startStack(): Promise<{ child: ChildProcess; cql: string }> {
  const child = spawn(
    process.execPath,
    [...SOURCE_CLI_ARGS, 'devstack', '--kafka-port', String(KAFKA_PORT), '--cql-port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const cql = /CQL[^\n]*?(127\.0\.0\.1:\d+)/.exec(out);
      if (cql && /Kafka protocol/.test(out)) resolve({ child, cql: cql[1]! });
    });
    child.once('exit', (code) => reject(new Error(`devstack exited with ${code}: ${out}`)));
  });
}

test('three workers listed, one killed goes stale, one stopped goes gone', async ({ page }) => {
  test.setTimeout(150_000);
  const stack = await startStack();
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      workers.push(
        spawnWorker([
          ...['--brokers', `127.0.0.1:${KAFKA_PORT}`, '--cassandra', stack.cql, '--topic', TOPIC, '--group', GROUP],
          ...['--data-dir', mkdtempSync(join(tmpdir(), `e2e-worker-${i}-`))],
        ]),
      );
    }
    await openView(page, 'Workers');
    const table = page.getByRole('table', { name: 'Workers' });
    const rows = table.getByTestId('worker-row');
    await expect(table.locator('[data-testid="worker-row"][data-liveness="live"]')).toHaveCount(3, { timeout: 90_000 });
    // Every partition of the topic assigned exactly once.
    await expect
      .poll(
        async () => {
          const summary = (await page.getByTestId('fleet-summary').textContent()) ?? '';
          const m = /(\d+) of (\d+) partitions assigned/.exec(summary);
          return m && m[1] === m[2] && Number(m[2]) > 0;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    const partitions = (await rows.getByTestId('worker-partitions').allTextContents()).flatMap((t) =>
      t.split(',').map((p) => p.trim()),
    );
    expect(new Set(partitions).size).toBe(partitions.length);

    const pidOfRow = async (n: number) => Number(/pid (\d+)/.exec((await rows.nth(n).textContent()) ?? '')?.[1]);
    const killedPid = await pidOfRow(0);
    const stoppedPid = await pidOfRow(1);
    workers.find((w) => w.child.pid === killedPid)!.child.kill('SIGKILL');
    const rowOf = (pid: number) => rows.filter({ hasText: `pid ${pid}` });
    await expect(rowOf(killedPid)).toHaveAttribute('data-liveness', 'stale', { timeout: 15_000 });
    await expect(rowOf(killedPid).getByText('Stale')).toBeVisible();
    workers.find((w) => w.child.pid === stoppedPid)!.child.kill('SIGTERM');
    await expect(rowOf(stoppedPid)).toHaveAttribute('data-liveness', 'gone', { timeout: 45_000 });
    await expect(rowOf(stoppedPid).getByText('Gone')).toBeVisible();

    await openView(page, 'Dashboard');
    await expect(page.getByRole('group', { name: 'Workers' })).toContainText('(1 stale)');
  } finally {
    for (const w of workers) w.child.kill('SIGKILL');
    stack.child.kill('SIGTERM');
  }
});

// `userstream run` in a child process, killed with SIGKILL at random moments of a 50k ingest (KILL_TEST_USERS to change), five times, then run to
// the end: exactly the produced users are in the table. Real TCP against the embedded stack in this process.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../../devstack';
import { makeMessages, produceValues, testSettings } from '../../pipeline/testing/fixtures';
import { createUsersQuery } from '../../pipeline/usersQuery';
import { spawnRun } from '../testing/runChild';

const USERS = Number(process.env.KILL_TEST_USERS ?? 50_000);
let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

const runChild = spawnRun;

describe('userstream run, killed with SIGKILL', () => {
  it(`five kills during a ${USERS} ingest, then a run to the end: exactly the produced users`, async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const { good, ids } = makeMessages(USERS, 0, 31);
    const dataDir = await mkdtemp(join(tmpdir(), 'run-kill-'));
    const args = [
      '--brokers',
      stack.kafka.address,
      '--cassandra',
      stack.cql.address,
      '--topic',
      settings.kafka.topic,
      '--group',
      settings.kafka.groupId,
      '--keyspace',
      settings.cassandra.keyspace,
      '--dlq-topic',
      settings.pipeline.deadLetterTopic,
      '--data-dir',
      dataDir,
      '--json',
    ];
    // The users arrive over the whole kill sequence (in 20 slices), so the kills land in the middle of the ingest.
    const slices = 20;
    const producing = (async () => {
      for (let i = 0; i < slices; i++) {
        await produceValues(
          stack.kafka.address,
          settings.kafka.topic,
          good.slice((i * USERS) / slices, ((i + 1) * USERS) / slices),
        );
        await new Promise((r) => setTimeout(r, 1_500));
      }
    })();
    for (let kill = 0; kill < 5; kill++) {
      const run = runChild(args);
      // Once this run reports metrics (it is connecting or running), kill it at a random moment.
      await expect.poll(run.lines, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 3_000));
      run.child.kill('SIGKILL');
      await run.exited;
    }
    await producing;
    const last = runChild([...args, '--exit-when-idle', '2']);
    const code = await last.exited;
    expect(code, last.stderr()).toBe(0);

    const users = createUsersQuery({ settings: settings.cassandra });
    const found = new Set<string>();
    let pageState: string | null = null;
    do {
      const page = await users.page({ pageSize: 1000, pageState });
      for (const row of page.rows) found.add(row.id);
      pageState = page.nextPageState;
    } while (pageState);
    await users.close();
    expect(found.size).toBe(ids.size);
    expect([...ids].every((id) => found.has(id))).toBe(true);
  }, 300_000);

  it('SIGTERM drains and exits 0; a fatal problem exits 1 with one line', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const dataDir = await mkdtemp(join(tmpdir(), 'run-signal-'));
    const base = ['--brokers', stack.kafka.address, '--cassandra', stack.cql.address, '--topic', settings.kafka.topic];
    const ok = runChild([
      ...base,
      '--group',
      settings.kafka.groupId,
      '--keyspace',
      settings.cassandra.keyspace,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    await expect.poll(() => ok.lines(), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    ok.child.kill('SIGTERM');
    expect(await ok.exited).toBe(0);

    const { connectCassandra } = await import('../../pipeline/cassandraClient');
    const { client } = await connectCassandra(settings.cassandra);
    await client.execute(
      `CREATE KEYSPACE bad_${settings.cassandra.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(
      `CREATE TABLE bad_${settings.cassandra.keyspace}.created_users (id uuid PRIMARY KEY, email int)`,
    );
    await client.shutdown();
    const bad = runChild([
      ...base,
      '--keyspace',
      `bad_${settings.cassandra.keyspace}`,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(await bad.closed).toBe(1);
    const lines = bad.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^userstream: table bad_.*column email is int, expected text/);
  }, 120_000);
});

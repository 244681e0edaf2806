// The Users view's core jobs against the real embedded store over TCP with the real cassandra-driver: the estimate,
// the exact token-range count, streamed exports (file: temp then rename; cancel and failure leave no file) and
// demographics. Each test file has its own keyspace.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger';
import { parseSettings } from '../../shared/settings';
import type { UsersJob } from '../../shared/usersJobs';
import { createCqlServer, type CqlServer } from '../devstack/cql';
import { createUsersQuery, type UsersQuery } from '../pipeline';
import { seedUser, seedUsers } from '../pipeline/testing/seedUsers';
import { readSizeEstimate } from '../pipeline/sizeEstimate';
import { schemaStatements } from '../pipeline/userTable';
import { writeExportFile } from './exportWriter';
import { createUsersService, type UsersService } from './usersService';

const ROWS = 3000;
let server: CqlServer;
let client: cassandra.Client;
let query: UsersQuery;
let service: UsersService;
let jobs: UsersJob[] = [];
const keyspace = `users_${process.pid}`;

const tricky = (i: number) => {
  const row = seedUser(i);
  if (i === 7) return { ...row, address: 'a, "quoted"\nsecond line, Narnia', first_name: '=HYPERLINK("x")' };
  return row;
};

/** Resolves with the job once it is no longer running. */
const settled = (id: string) =>
  expect.poll(() => jobs.find((j) => j.id === id && j.state !== 'running'), { timeout: 20_000 }).toBeTruthy();
const job = (id: string) => jobs.find((j) => j.id === id)!;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  const parsed = parseSettings({ cassandra: { contactPoints: [`127.0.0.1:${server.port}`], keyspace } });
  if (!parsed.ok) throw new Error('settings');
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  for (const statement of schemaStatements(parsed.value.cassandra)) await client.execute(statement);
  await seedUsers(client, `${keyspace}.created_users`, ROWS, tricky);
  query = createUsersQuery({ settings: parsed.value.cassandra });
  service = createUsersService({ query, onJobs: (list) => (jobs = list), logger: silentLogger });
});

afterAll(async () => {
  service?.close();
  await query?.close();
  await client?.shutdown();
  await server?.close();
});

describe('users jobs against the embedded store', () => {
  it('counts exactly by token ranges, and scans every row once in token order', async () => {
    expect(await query.countExactly()).toBe(ROWS);
    const ids: string[] = [];
    for await (const page of query.scan({ fetchSize: 500 })) {
      expect(page.length).toBeLessThanOrEqual(500);
      ids.push(...page.map((r) => r.id));
    }
    expect(new Set(ids).size).toBe(ROWS);
    const tokens = await client.execute(`SELECT token(id) AS t, id FROM ${keyspace}.created_users`, [], {
      fetchSize: ROWS + 1,
    });
    expect(ids).toEqual(tokens.rows.map((r) => String(r.get('id'))));
  });

  it('counts through a job with progress, time-stamped', async () => {
    const started = service.countExactly();
    if (!started.ok) throw new Error(started.error.message);
    await settled(started.value.id);
    const done = job(started.value.id);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ kind: 'count', count: ROWS });
    expect(done.result?.kind === 'count' && done.result.at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads the estimate from system.size_estimates (one query to the one node), without scanning', async () => {
    const estimate = await service.estimate();
    expect(estimate).toMatchObject({ state: 'ok', hosts: 1, hostsAnswered: 1 });
    // The store counts partitions per token bucket as it writes; a range's share of a bucket is pro-rated.
    if (estimate.state === 'ok') expect(Math.abs(estimate.users - ROWS)).toBeLessThanOrEqual(ROWS * 0.05);
    // Cached: a second ask within 30 s is the same answer, no new query.
    expect(await service.estimate()).toBe(estimate);
  });

  it('says the estimate is unavailable, and why, when the nodes have none for the table', async () => {
    const none = await readSizeEstimate(client, keyspace, 'no_such_table');
    expect(none).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/no estimate yet/) });
  });

  it('exports CSV to a temporary file renamed at the end: header + one record per user, quoting intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-'));
    const path = join(dir, 'users.csv');
    const started = await service.exportToFile(path, { format: 'csv' });
    if (!started.ok) throw new Error(started.error.message);
    await settled(started.value.id);
    expect(job(started.value.id)).toMatchObject({ state: 'done', rows: ROWS });
    expect(await readdir(dir)).toEqual(['users.csv']);
    const text = await readFile(path, 'utf8');
    // One embedded line break (row 7's address) adds one physical line.
    expect(text.trimEnd().split('\n')).toHaveLength(ROWS + 1 + 1);
    expect(text).toContain('"a, ""quoted""\nsecond line, Narnia"');
    expect(text).toContain(`'=HYPERLINK(""x"")`);
  });

  it('exports JSON Lines: one parseable user per line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-'));
    const path = join(dir, 'users.jsonl');
    const started = await service.exportToFile(path, { format: 'jsonl' });
    if (!started.ok) throw new Error(started.error.message);
    await settled(started.value.id);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(ROWS);
  });

  it('a cancelled export leaves no file, and keeps a file that was already there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-'));
    const path = join(dir, 'users.csv');
    await writeFile(path, 'previous export\n');
    const started = await service.exportToFile(path, { format: 'csv' });
    if (!started.ok) throw new Error(started.error.message);
    // As the Cancel button does, through the job.
    expect(service.cancelJob(started.value.id).ok).toBe(true);
    await settled(started.value.id);
    expect(job(started.value.id).state).toBe('cancelled');
    expect(await readdir(dir)).toEqual(['users.csv']);
    expect(await readFile(path, 'utf8')).toBe('previous export\n');
  });

  it('the writer aborted mid-way removes its partial file; complete, it renames it into place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-'));
    const path = join(dir, 'users.csv');
    const controller = new AbortController();
    let release: () => void = () => undefined;
    async function* chunks() {
      yield Buffer.from('id\n1\n');
      await new Promise<void>((resolve) => (release = resolve));
      yield Buffer.from('2\n');
    }
    const writing = writeExportFile(path, chunks(), controller.signal);
    await expect.poll(async () => (await readdir(dir)).filter((f) => f.endsWith('.part'))).toHaveLength(1);
    expect(await readdir(dir)).not.toContain('users.csv');
    controller.abort(new Error('cancelled'));
    release();
    await expect(writing).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);

    async function* whole() {
      yield Buffer.from('id\n1\n');
      yield Buffer.from('2\n');
    }
    await writeExportFile(path, whole());
    expect(await readdir(dir)).toEqual(['users.csv']);
    expect(await readFile(path, 'utf8')).toBe('id\n1\n2\n');
  });

  it('a failed export (directory gone) leaves no file and says why', async () => {
    const path = join(tmpdir(), `no-such-dir-${process.pid}`, 'users.csv');
    const started = await service.exportToFile(path, { format: 'csv' });
    if (!started.ok) throw new Error(started.error.message);
    await settled(started.value.id);
    expect(job(started.value.id)).toMatchObject({ state: 'failed' });
    expect(job(started.value.id).error).toMatch(/ENOENT/);
  });

  it('a streamed export stopped by its reader (a closed download) is recorded as cancelled', async () => {
    const stream = service.exportStream({ format: 'jsonl' });
    if (!stream.ok) throw new Error(stream.error.message);
    const first = await stream.value.chunks.next();
    expect(first.done).toBe(false);
    await stream.value.chunks.return(undefined);
    await expect.poll(() => jobs.find((j) => j.kind === 'export')?.state).toBe('cancelled');
  });

  it('exports a search result the same way', async () => {
    // By id: the lookup tables behind email and username search are the pipeline's to fill.
    const id = (await client.execute(`SELECT id FROM ${keyspace}.created_users WHERE token(id) > 0 LIMIT 1`)).first();
    const value = String(id.get('id'));
    const stream = service.exportStream({ format: 'csv', search: { by: 'id', value } });
    if (!stream.ok) throw new Error(stream.error.message);
    let text = '';
    for await (const chunk of stream.value.chunks) text += chunk.toString();
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(value);
  });

  it('aggregates demographics over a sample (the first N in token order) and over the whole table', async () => {
    const sample = service.demographics(500);
    if (!sample.ok) throw new Error(sample.error.message);
    await settled(sample.value.id);
    expect(job(sample.value.id).result).toMatchObject({ kind: 'demographics', sample: true });
    const whole = service.demographics(null);
    if (!whole.ok) throw new Error(whole.error.message);
    await settled(whole.value.id);
    const result = job(whole.value.id).result;
    if (result?.kind !== 'demographics') throw new Error('no demographics');
    expect(result.sample).toBe(false);
    expect(result.demographics.total).toBe(ROWS);
    expect(Object.fromEntries(result.demographics.gender)).toEqual({ female: ROWS / 2, male: ROWS / 2 });
  });
});

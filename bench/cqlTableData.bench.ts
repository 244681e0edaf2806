// The CQL store's in-memory table alone (issue #4): CPU per row write for 1M single-row partitions of 700 bytes, the
// engine's share of an INSERT without the wire, the commit log or a client sharing the machine, so changes to the
// partition index and slabs can be compared without the ±30 % of the end-to-end bench. Runs in a child process with
// the embedded stack's malloc settings, as the store does. Run: npx tsx bench/cqlTableData.bench.ts [--rows N] [--runs N]
// [--users [--indexed]]: --users writes the app's search columns (email, username, ~30 bytes each, plus 640 bytes of
// other data), --indexed adds the two secondary indexes the app creates on them; compare the two side by side.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTable } from '../electron/devstack/cql/engine/catalog';
import { murmur3Token } from '../electron/devstack/cql/engine/murmur3';
import { encodeInsertRow } from '../electron/devstack/cql/engine/rowCodec';
import { TableData } from '../electron/devstack/cql/engine/tableData';
import { devstackProcessEnv } from '../electron/devstack/processEnv';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const ROWS = arg('--rows', 1_000_000);
const RUNS = arg('--runs', 3);
const USERS = args.includes('--users');
const INDEXED = args.includes('--indexed');

interface Measured {
  rows: number;
  cpuNanosPerRow: number;
  wallNanosPerRow: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Bytes the secondary indexes hold (--indexed). */
  indexBytes: number;
}

function measure(rows: number): Measured {
  const text = { kind: 'native', name: 'text' } as const;
  const meta = buildTable('bench', 'kv', '00000000-0000-4000-8000-000000000001', [
    { name: 'k', type: { kind: 'native', name: 'int' }, kind: 'partition_key', position: 0, order: 'none' },
    ...(USERS
      ? [
          { name: 'email', type: text, kind: 'regular' as const, position: -1, order: 'none' as const },
          { name: 'username', type: text, kind: 'regular' as const, position: -1, order: 'none' as const },
        ]
      : []),
    { name: 'v', type: text, kind: 'regular', position: -1, order: 'none' },
  ]);
  if (INDEXED)
    meta.indexes = ['email', 'username'].map((column) => ({
      name: `kv_${column}_idx`,
      column,
      kind: 'CUSTOM' as const,
      options: { class_name: 'sai', target: column },
    }));
  const data = new TableData(meta);
  data.syncIndexes(meta.indexes);
  const value = Buffer.alloc(USERS ? 640 : 690, 'v');
  const noClustering = Buffer.alloc(0);
  const slots = USERS ? [0, 1, 2] : [0];
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rows; i++) {
    const key = Buffer.allocUnsafe(4);
    key.writeInt32BE(i);
    const values = USERS ? [Buffer.from(`user${i}@example.com`), Buffer.from(`user_${i}_name`), value] : [value];
    const row = encodeInsertRow(BigInt(i + 1), 0, 0, slots, values, true);
    data.applyRow(murmur3Token(key), key, noClustering, row);
  }
  const used = process.cpuUsage(cpu);
  const wall = Number(process.hrtime.bigint() - started);
  const memory = process.memoryUsage();
  if (data.partitions.size !== rows) throw new Error(`expected ${rows} partitions, found ${data.partitions.size}`);
  return {
    rows,
    cpuNanosPerRow: Math.round(((used.user + used.system) * 1000) / rows),
    wallNanosPerRow: Math.round(wall / rows),
    heapUsedBytes: memory.heapUsed,
    rssBytes: memory.rss,
    indexBytes: data.indexes.reduce((n, ix) => n + ix.bytes, 0),
  };
}

if (process.env.CQL_TABLE_BENCH_CHILD === '1') {
  process.stdout.write(JSON.stringify(measure(ROWS)));
} else {
  const runs: Measured[] = [];
  for (let r = 0; r < RUNS; r++) {
    // A fresh process per run: the figure includes growing the heap and the slabs, as a store filling up does.
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
      env: { ...devstackProcessEnv(), CQL_TABLE_BENCH_CHILD: '1' },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`run ${r + 1} failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as Measured;
    runs.push(m);
    console.log(
      `run ${r + 1}/${RUNS}: ${m.cpuNanosPerRow} ns CPU per row write (${m.wallNanosPerRow} ns wall) over ${m.rows} ` +
        `700-byte lone-row partitions${USERS ? ' (email, username, data)' : ''}, heap ${Math.round(m.heapUsedBytes / 1e6)} MB, ` +
        `RSS ${Math.round(m.rssBytes / 1e6)} MB` +
        (INDEXED
          ? `, two indexes ${(m.indexBytes / 1e6).toFixed(1)} MB = ${(m.indexBytes / m.rows).toFixed(1)} B/row`
          : ''),
    );
  }
  const median = [...runs].sort((a, b) => a.cpuNanosPerRow - b.cpuNanosPerRow)[Math.floor((runs.length - 1) / 2)];
  console.log(`median: ${median?.cpuNanosPerRow} ns CPU per row write`);
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `cql-table-data${USERS ? (INDEXED ? '-users-indexed' : '-users') : ''}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ name: 'cql-table-data', median, runs, node: process.version, at: new Date().toISOString() }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
}

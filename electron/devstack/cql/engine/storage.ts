// The engine's state — schema and table data — and its persistence in a data directory: schema.json (rewritten
// atomically on DDL), commitlog-N.bin (every mutation, written to the OS before it is acknowledged) and snapshot.bin
// (all live rows, written on close and when the log grows large). A snapshot first rotates the log to N+1, so writes
// continue while it is written; logs up to N are deleted once it is complete. Recovery loads the snapshot, then
// replays every remaining log in order; replaying a mutation twice is harmless because rows reconcile by timestamp.
// When the log grows large but little of what is on disk has been superseded (overwritten, deleted, expiring, dropped),
// rewriting every row would only copy the same bytes again: the log is sealed instead (rotated and kept), and the
// whole-table rewrite waits until a quarter of the disk bytes are waste. Insert-heavy loads never pay for rewrites.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';
import { schemaFromJson, schemaToJson, type KeyspaceMeta, type SchemaJson, type TableMeta } from './catalog';
import { CommitLog, forEachFrame, writeFileAtomic } from './commitLog';
import { writeInt64BE } from './int64';
import type { Mutation } from './mutation';
import { decodeRange } from './rangeDelete';
import { mayExpire } from './rowCodec';
import { resetAccounting, wasteRatio } from './slab';
import { writeSnapshot } from './snapshotWriter';
import { TableData } from './tableData';

const OP_ROW = 1;
const OP_PARTITION_DELETE = 2;
const OP_TRUNCATE = 3;
/** [op][table id][token][u32 key length][key][i64 ts][range bytes (rangeDelete.ts)] */
const OP_RANGE_DELETE = 4;

const idBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');

function rowRecordLength(key: Buffer, ck: Buffer, row: Buffer): number {
  return 1 + 16 + 8 + 4 + key.length + 4 + ck.length + row.length;
}

type RowMutation = Extract<Mutation, { kind: 'row' }>;
type PartitionDelete = Extract<Mutation, { kind: 'partitionDelete' }>;

function writeRowRecord(b: Buffer, at: number, m: RowMutation): void {
  const { key, ck } = m;
  b[at] = OP_ROW;
  b.set(m.data.idBytes, at + 1);
  writeInt64BE(b, m.token, at + 17);
  b.writeUInt32BE(key.length, at + 25);
  b.set(key, at + 29);
  at += 29 + key.length;
  b.writeUInt32BE(ck.length, at);
  b.set(ck, at + 4);
  at += 4 + ck.length;
  b.set(m.row, at);
}

function writePartitionDelete(b: Buffer, at: number, m: PartitionDelete): void {
  b[at] = OP_PARTITION_DELETE;
  b.set(m.data.idBytes, at + 1);
  writeInt64BE(b, m.token, at + 17);
  b.writeUInt32BE(m.key.length, at + 25);
  b.set(m.key, at + 29);
  writeInt64BE(b, m.ts, at + 29 + m.key.length);
}

type RangeDelete = Extract<Mutation, { kind: 'rangeDelete' }>;

function writeRangeDelete(b: Buffer, at: number, m: RangeDelete): void {
  b[at] = OP_RANGE_DELETE;
  b.set(m.data.idBytes, at + 1);
  writeInt64BE(b, m.token, at + 17);
  b.writeUInt32BE(m.key.length, at + 25);
  b.set(m.key, at + 29);
  writeInt64BE(b, m.ts, at + 29 + m.key.length);
  b.set(m.range, at + 37 + m.key.length);
}

function mutationLength(m: Mutation): number {
  if (m.kind === 'row') return rowRecordLength(m.key, m.ck, m.row);
  return 1 + 16 + 8 + 4 + m.key.length + 8 + (m.kind === 'rangeDelete' ? m.range.length : 0);
}

function logMutation(log: CommitLog, m: Mutation): Promise<void> {
  if (m.kind === 'row') return log.append(rowRecordLength(m.key, m.ck, m.row), writeRowRecord, m);
  if (m.kind === 'rangeDelete') return log.append(mutationLength(m), writeRangeDelete, m);
  return log.append(1 + 16 + 8 + 4 + m.key.length + 8, writePartitionDelete, m);
}

/** Framing bytes of a record: 8 in a snapshot, 4 in a commit-log group (an estimate is all the waste needs). */
const FRAME = 8;
/** Share of the disk bytes that may be waste before a whole-table rewrite is worth it. */
const WASTE_RATIO_FOR_REWRITE = 0.25;

export interface StorageOptions {
  dataDir: string | null;
  logger: Logger;
  /** Log size that triggers a snapshot. */
  compactAtBytes: number;
  nowSeconds: () => number;
}

export class Storage {
  keyspaces = new Map<string, KeyspaceMeta>();
  schemaVersion: string = randomUUID();
  private readonly data = new Map<string, TableData>();
  private log: CommitLog | null = null;
  private logSeq = 1;
  /** Older logs a snapshot has not covered yet (only after a crash or while a snapshot is written). */
  private olderLogs: number[] = [];
  private snapshotting: Promise<void> | null = null;

  constructor(private readonly options: StorageOptions) {}

  /** Loads schema, snapshot and commit log from the data dir (if any). */
  open(): void {
    const dir = this.options.dataDir;
    if (dir === null) return;
    mkdirSync(dir, { recursive: true });
    const schemaPath = join(dir, 'schema.json');
    if (existsSync(schemaPath)) {
      const json = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaJson;
      this.keyspaces = schemaFromJson(json);
      this.schemaVersion = json.version;
    }
    for (const k of this.keyspaces.values()) for (const t of k.tables.values()) this.data.set(t.id, new TableData(t));
    const snapshot = forEachFrame(join(dir, 'snapshot.bin'), (r) => this.replay(r));
    const seqs = readdirSync(dir)
      .map((f) => /^commitlog-(\d+)\.bin$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let logRecords = 0;
    let validBytes = 0;
    this.baseBytes = snapshot.validBytes;
    for (const seq of seqs) {
      const log = forEachFrame(this.logPath(seq), (r) => this.replay(r));
      logRecords += log.records;
      if (seq !== seqs.at(-1)) this.baseBytes += log.validBytes;
      validBytes = log.validBytes;
    }
    this.lastReplayed = undefined;
    // Indexes are rebuilt from the recovered rows (one pass per index) rather than maintained through the replay;
    // cells of dropped columns the logs still hold go now.
    for (const d of this.data.values()) {
      d.purgeSlots(d.meta.dropped.map((x) => x.cell));
      d.syncIndexes(d.meta.indexes);
    }
    this.logSeq = seqs.at(-1) ?? 1;
    this.olderLogs = seqs.slice(0, -1);
    this.log = new CommitLog(this.logPath(this.logSeq), seqs.length > 0 ? validBytes : 0);
    this.options.logger.info(
      { snapshotRecords: snapshot.records, logRecords, logs: seqs.length, tables: this.data.size },
      'cql engine: recovered',
    );
  }

  private logPath(seq: number): string {
    return join(this.options.dataDir as string, `commitlog-${seq}.bin`);
  }

  private lastReplayed: TableData | undefined;

  private byId(raw: Buffer): TableData | undefined {
    // Records come in long runs of one table; compare bytes before building the id string.
    if (this.lastReplayed && this.lastReplayed.idBytes.equals(raw)) return this.lastReplayed;
    this.lastReplayed = this.findById(raw);
    return this.lastReplayed;
  }

  private findById(raw: Buffer): TableData | undefined {
    const hex = raw.toString('hex');
    return this.data.get(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
  }

  private replay(r: Buffer): void {
    const table = this.byId(r.subarray(1, 17));
    // Records of a dropped table, truncated rows and superseded rows are waste a rewrite would drop.
    if (!table) {
      this.wasteBytes += FRAME + r.length;
      return;
    }
    if (r[0] === OP_TRUNCATE) {
      this.allWaste();
      table.clear();
      return;
    }
    const token = r.readBigInt64BE(17);
    const keyLen = r.readUInt32BE(25);
    // Subarrays of the file buffer are fine: TableData copies what it keeps into its own slabs.
    const key = r.subarray(29, 29 + keyLen);
    let at = 29 + keyLen;
    if (r[0] === OP_RANGE_DELETE) {
      this.wasteBytes += FRAME + r.length;
      table.deleteRange(token, key, decodeRange(Buffer.from(r.subarray(at + 8))), r.readBigInt64BE(at));
      return;
    }
    if (r[0] === OP_PARTITION_DELETE) {
      this.wasteBytes += FRAME + r.length;
      table.deletePartition(token, key, r.readBigInt64BE(at));
      return;
    }
    const ckLen = r.readUInt32BE(at);
    const ck = r.subarray(at + 4, at + 4 + ckLen);
    at += 4 + ckLen;
    const row = r.subarray(at);
    if (table.applyRow(token, key, ck, row) || mayExpire(row)) this.wasteBytes += FRAME + r.length;
  }

  tableData(meta: TableMeta): TableData {
    let d = this.data.get(meta.id);
    if (!d) {
      d = new TableData(meta);
      d.syncIndexes(meta.indexes);
      this.data.set(meta.id, d);
    }
    return d;
  }

  /** Applies mutations in memory now and resolves once they are in the commit log. */
  apply(mutations: Mutation[]): Promise<void> {
    for (const m of mutations) {
      if (m.kind === 'row') {
        if (m.data.applyRow(m.token, m.key, m.ck, m.row) || mayExpire(m.row))
          this.wasteBytes += FRAME + mutationLength(m);
      } else if (m.kind === 'rangeDelete') {
        m.data.deleteRange(m.token, m.key, decodeRange(m.range), m.ts);
        this.wasteBytes += FRAME + mutationLength(m);
      } else {
        m.data.deletePartition(m.token, m.key, m.ts);
        this.wasteBytes += FRAME + mutationLength(m);
      }
    }
    const log = this.log;
    if (!log || mutations.length === 0) return Promise.resolve();
    let done: Promise<void> = Promise.resolve();
    // Records appended in one turn share one batch promise, so the last one stands for all.
    for (const m of mutations) done = logMutation(log, m);
    if (!this.compactScheduled && this.wantsSnapshot(log)) {
      this.compactScheduled = true;
      void done.then(() => this.maybeCompact());
    }
    return done;
  }

  truncate(meta: TableMeta): Promise<void> {
    this.tableData(meta).clear();
    this.allWaste();
    if (!this.log) return Promise.resolve();
    const id = idBytes(meta.id);
    return this.log.append(17, (b, at) => {
      b[at] = OP_TRUNCATE;
      id.copy(b, at + 1);
    });
  }

  /** Records a DDL change: new schema version, schema.json rewritten, data of dropped tables released. */
  schemaChanged(): void {
    this.schemaVersion = randomUUID();
    const metas = new Map<string, TableMeta>();
    for (const k of this.keyspaces.values()) for (const t of k.tables.values()) metas.set(t.id, t);
    for (const [id, d] of this.data) {
      const meta = metas.get(id);
      if (!meta) {
        this.data.delete(id);
        this.allWaste();
        continue;
      }
      if (meta !== d.meta) {
        // ALTER TABLE: the data follows the new columns; cells of columns dropped now go.
        const before = new Set(d.meta.dropped.map((x) => x.cell));
        const gone = meta.dropped.filter((x) => !before.has(x.cell)).map((x) => x.cell);
        d.meta = meta;
        if (gone.length > 0) {
          d.purgeSlots(gone);
          this.allWaste();
        }
      }
      d.syncIndexes(d.meta.indexes);
    }
    if (this.options.dataDir === null) return;
    const json = JSON.stringify(schemaToJson(this.keyspaces, this.schemaVersion), null, 1);
    writeFileAtomic(join(this.options.dataDir, 'schema.json'), [Buffer.from(json)]);
  }

  private compactScheduled = false;

  /** Bytes of the snapshot plus the sealed logs kept beside it: what recovery reads before the current log. */
  private baseBytes = 0;
  /** Bytes on disk (in the base or the current log) that a rewrite would drop; an estimate, never reset but by one. */
  private wasteBytes = 0;

  /** After a truncate or drop: everything logged so far may be gone, so the next compaction rewrites. */
  private allWaste(): void {
    this.wasteBytes = Number.MAX_SAFE_INTEGER;
  }

  /** The log must outgrow both the threshold and the base, so sealing and rewriting both stay amortised. */
  private wantsSnapshot(log: CommitLog): boolean {
    return log.bytes >= Math.max(this.options.compactAtBytes, this.baseBytes);
  }

  private maybeCompact(): void {
    this.compactScheduled = false;
    const log = this.log;
    if (!log || this.snapshotting !== null || !this.wantsSnapshot(log)) return;
    if (this.wasteBytes >= WASTE_RATIO_FOR_REWRITE * (this.baseBytes + log.bytes))
      void this.snapshot().catch((err: unknown) => this.options.logger.error({ err }, 'cql engine: snapshot failed'));
    else this.seal(log);
  }

  /** Keeps the current log as part of the base and continues in a new one: no row is rewritten. */
  private seal(log: CommitLog): void {
    const bytes = log.bytes;
    this.olderLogs.push(this.logSeq);
    this.logSeq++;
    log.rotate(this.logPath(this.logSeq));
    this.baseBytes += bytes;
    this.options.logger.info({ bytes, base: this.baseBytes }, 'cql engine: commit log sealed (little to compact)');
  }

  /** Writes every live row to snapshot.bin, then deletes the logs it covers; one at a time. */
  snapshot(): Promise<void> {
    this.snapshotting ??= this.writeSnapshot().finally(() => {
      this.snapshotting = null;
    });
    return this.snapshotting;
  }

  private async writeSnapshot(): Promise<void> {
    const dir = this.options.dataDir;
    const log = this.log;
    if (dir === null || !log) return;
    const covered = [...this.olderLogs, this.logSeq];
    this.logSeq++;
    log.rotate(this.logPath(this.logSeq));
    this.olderLogs = covered;
    // Waste logged from here on lands in the new log, which the snapshot does not cover.
    const wasteBefore = this.wasteBytes;
    const snapshotBytes = await writeSnapshot(dir, [...this.data.values()], this.options.nowSeconds);
    for (const seq of covered) rmSync(this.logPath(seq), { force: true });
    this.olderLogs = [];
    this.baseBytes = snapshotBytes;
    this.wasteBytes = Math.max(0, this.wasteBytes - wasteBefore);
    if (wasteRatio() > 0.5) {
      let live = 0;
      for (const t of this.data.values()) live += t.repack();
      resetAccounting(live);
    }
    this.options.logger.info({ dir, bytes: snapshotBytes }, 'cql engine: snapshot written, older commit logs removed');
  }

  async close(): Promise<void> {
    if (!this.log) return;
    if (this.snapshotting) await this.snapshotting;
    // Nothing logged since the last snapshot: it is already complete.
    if (this.log.bytes > 0 || this.olderLogs.length > 0) await this.snapshot();
    this.log.close();
    this.log = null;
  }
}

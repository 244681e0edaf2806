// Writes snapshot.bin: every live row of every table as framed commit-log records, in chunks with a turn of the event
// loop between them so clients are served while a large store is written. Writes that arrive meanwhile go to the new
// commit log (the caller rotated it first); rows may be captured before or after such a write, which replay
// reconciles by timestamp. The file replaces the old snapshot only once complete (temp file, fsync, rename).
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from './crc32';
import { writeInt64BE } from './int64';
import { RichPartition } from './partition';
import { encodeRange } from './rangeDelete';
import { isLive } from './rowCodec';
import type { TableData } from './tableData';

const CHUNK = 4 << 20;
const OP_ROW = 1;
const OP_PARTITION_DELETE = 2;
const OP_RANGE_DELETE = 4;

/** A partition or range tombstone record, as storage.ts logs and replays it. */
function tombstone(op: number, id: Buffer, p: RichPartition, ts: bigint, range?: Buffer): Buffer {
  const key = p.key;
  const b = Buffer.allocUnsafe(1 + 16 + 8 + 4 + key.length + 8 + (range?.length ?? 0));
  b[0] = op;
  b.set(id, 1);
  writeInt64BE(b, p.token, 17);
  b.writeUInt32BE(key.length, 25);
  b.set(key, 29);
  writeInt64BE(b, ts, 29 + key.length);
  if (range) b.set(range, 37 + key.length);
  return b;
}

/** Writes the snapshot and returns its size in bytes. */
export async function writeSnapshot(dir: string, tables: TableData[], nowSeconds: () => number): Promise<number> {
  const tmp = join(dir, 'snapshot.tmp');
  const fd = openSync(tmp, 'w');
  let buf = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let total = 0;
  const flush = () => {
    let written = 0;
    while (written < used) written += writeSync(fd, buf, written, used - written);
    total += used;
    used = 0;
  };
  try {
    for (const t of tables) {
      const id = t.idBytes;
      for (const p of t.partitions.scan(null, null, false)) {
        // Rows of one partition are written without yielding, so its arrays cannot change under us.
        const now = nowSeconds();
        // Read once: for a packed partition these build views.
        const rows = p.rows;
        const key = p.key;
        // Tombstones younger than gc_grace_seconds stay, as Cassandra keeps them: a late write with an older
        // timestamp must not bring deleted rows back after a rewrite.
        if (p instanceof RichPartition && (p.deletedAt !== null || p.ranges !== null)) {
          const gcBefore = BigInt(now - t.meta.options.gc_grace_seconds) * 1_000_000n;
          const records: Buffer[] = [];
          if (p.deletedAt !== null && p.deletedAt > gcBefore)
            records.push(tombstone(OP_PARTITION_DELETE, id, p, p.deletedAt));
          for (const r of p.ranges ?? [])
            if (r.ts > gcBefore) records.push(tombstone(OP_RANGE_DELETE, id, p, r.ts, encodeRange(r.range)));
          for (const record of records) {
            if (used + 8 + record.length > buf.length) flush();
            buf.writeUInt32BE(record.length, used);
            buf.writeUInt32BE(crc32(record), used + 4);
            buf.set(record, used + 8);
            used += 8 + record.length;
          }
        }
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i] as Buffer;
          // Rows with nothing live are left out: this is where expired and deleted data is purged.
          if (!isLive(row, now)) continue;
          const ck = p.cks[i] as Buffer;
          const length = 1 + 16 + 8 + 4 + key.length + 4 + ck.length + row.length;
          if (used + 8 + length > buf.length) {
            flush();
            if (8 + length > buf.length) buf = Buffer.allocUnsafe(8 + length);
          }
          let at = used + 8;
          const start = at;
          buf[at] = OP_ROW;
          buf.set(id, at + 1);
          writeInt64BE(buf, p.token, at + 17);
          buf.writeUInt32BE(key.length, at + 25);
          buf.set(key, at + 29);
          at += 29 + key.length;
          buf.writeUInt32BE(ck.length, at);
          buf.set(ck, at + 4);
          at += 4 + ck.length;
          buf.set(row, at);
          buf.writeUInt32BE(length, used);
          buf.writeUInt32BE(crc32(buf.subarray(start, start + length)), used + 4);
          used += 8 + length;
        }
        if (used >= CHUNK / 2) {
          flush();
          await nextTurn();
        }
      }
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, 'snapshot.bin'));
  return total;
}

// One stored row packed in a single Buffer (no per-cell JS objects at rest), with Cassandra's reconciliation rules:
// every cell and the row marker carry a write timestamp (microseconds), an optional expiry, and the newest wins.
//
// Layout: [u8 flags: 1 = marker, 2 = row tombstone]
//         [base: i64 ts, u32 expiry (epoch s, 0 = never), u32 ttl] — the marker's, else the first cell's
//         [tombstone: i64 ts] [u16 cells]
//         per cell: [u16 slot][u8 flags: 1 = own ts/expiry/ttl follow, 2 = tombstone][own: i64, u32, u32]
//                   [u32 length][bytes] (no length for a tombstone)
// Cells written by one statement share the base, so a cell costs 7 bytes beyond its value.

import { writeInt64BE } from './int64';

export interface Cell {
  slot: number;
  ts: bigint;
  expiry: number;
  ttl: number;
  value: Buffer | null;
}

export interface RowParts {
  marker: { ts: bigint; expiry: number; ttl: number } | null;
  deletedAt: bigint | null;
  cells: Cell[];
}

export function encodeRow(row: RowParts): Buffer {
  const base = row.marker ?? row.cells[0] ?? { ts: 0n, expiry: 0, ttl: 0 };
  const own = (c: Cell) => c.ts !== base.ts || c.expiry !== base.expiry || c.ttl !== base.ttl;
  let size = 1 + 16 + (row.deletedAt !== null ? 8 : 0) + 2;
  for (const c of row.cells) size += 3 + (own(c) ? 16 : 0) + (c.value === null ? 0 : 4 + c.value.length);
  const b = Buffer.allocUnsafe(size);
  b[0] = (row.marker ? 1 : 0) | (row.deletedAt !== null ? 2 : 0);
  writeInt64BE(b, base.ts, 1);
  b.writeUInt32BE(base.expiry, 9);
  b.writeUInt32BE(base.ttl, 13);
  let at = 17;
  if (row.deletedAt !== null) {
    writeInt64BE(b, row.deletedAt, at);
    at += 8;
  }
  b.writeUInt16BE(row.cells.length, at);
  at += 2;
  for (const c of row.cells) {
    const hasOwn = own(c);
    b.writeUInt16BE(c.slot, at);
    b[at + 2] = (hasOwn ? 1 : 0) | (c.value === null ? 2 : 0);
    at += 3;
    if (hasOwn) {
      writeInt64BE(b, c.ts, at);
      b.writeUInt32BE(c.expiry, at + 8);
      b.writeUInt32BE(c.ttl, at + 12);
      at += 16;
    }
    if (c.value !== null) {
      b.writeUInt32BE(c.value.length, at);
      b.set(c.value, at + 4);
      at += 4 + c.value.length;
    }
  }
  return b;
}

let scratch = Buffer.allocUnsafeSlow(64 << 10);

/**
 * The row an INSERT writes: a marker and cells sharing its timestamp and TTL (null values are tombstones). With
 * `transient` it is written into one reused buffer, valid until the next call: for a write applied (copied into
 * storage and the commit log) at once, which spares a pool allocation per insert.
 */
export function encodeInsertRow(
  ts: bigint,
  expiry: number,
  ttl: number,
  slots: number[],
  values: (Buffer | null)[],
  transient = false,
): Buffer {
  // Tombstones never expire, so with a TTL they carry their own (ts, 0, 0).
  const tombstoneOwn = expiry !== 0 || ttl !== 0;
  let size = 19;
  for (const v of values) size += 3 + (v === null ? (tombstoneOwn ? 16 : 0) : 4 + v.length);
  if (transient && size > scratch.length) scratch = Buffer.allocUnsafeSlow(size * 2);
  const b = transient ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
  b[0] = 1;
  writeInt64BE(b, ts, 1);
  b.writeUInt32BE(expiry, 9);
  b.writeUInt32BE(ttl, 13);
  b.writeUInt16BE(values.length, 17);
  let at = 19;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Buffer | null;
    b.writeUInt16BE(slots[i] as number, at);
    if (v === null) {
      b[at + 2] = tombstoneOwn ? 3 : 2;
      at += 3;
      if (tombstoneOwn) {
        writeInt64BE(b, ts, at);
        b.writeUInt32BE(0, at + 8);
        b.writeUInt32BE(0, at + 12);
        at += 16;
      }
      continue;
    }
    b[at + 2] = 0;
    b.writeUInt32BE(v.length, at + 3);
    b.set(v, at + 7);
    at += 7 + v.length;
  }
  return b;
}

export function decodeRow(b: Buffer): RowParts {
  const flags = b[0] as number;
  const ts = b.readBigInt64BE(1);
  const expiry = b.readUInt32BE(9);
  const ttl = b.readUInt32BE(13);
  let at = 17;
  const marker = flags & 1 ? { ts, expiry, ttl } : null;
  let deletedAt: bigint | null = null;
  if (flags & 2) {
    deletedAt = b.readBigInt64BE(at);
    at += 8;
  }
  const n = b.readUInt16BE(at);
  at += 2;
  const cells: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const slot = b.readUInt16BE(at);
    const cf = b[at + 2] as number;
    at += 3;
    const cell: Cell = { slot, ts, expiry, ttl, value: null };
    if (cf & 1) {
      cell.ts = b.readBigInt64BE(at);
      cell.expiry = b.readUInt32BE(at + 8);
      cell.ttl = b.readUInt32BE(at + 12);
      at += 16;
    }
    if (!(cf & 2)) {
      const len = b.readUInt32BE(at);
      cell.value = b.subarray(at + 4, at + 4 + len);
      at += 4 + len;
    }
    cells.push(cell);
  }
  return { marker, deletedAt, cells };
}

/**
 * Which of two versions of a cell survives: newer timestamp; on a tie a tombstone, then the later expiry (never
 * expiring counts as latest), then the greater value — Cassandra's order, which makes merging order-independent.
 */
function newer(a: Cell, b: Cell): Cell {
  if (a.ts !== b.ts) return a.ts > b.ts ? a : b;
  if ((a.value === null) !== (b.value === null)) return a.value === null ? a : b;
  const c = a.value !== null && b.value !== null ? Buffer.compare(a.value, b.value) : 0;
  const e = laterExpiry(a, b);
  if (e !== 0) return e > 0 ? a : b;
  if (c !== 0) return c > 0 ? a : b;
  return a.ttl >= b.ttl ? a : b;
}

/** Positive when `a` expires later (never expiring counts as latest). */
function laterExpiry(a: { expiry: number }, b: { expiry: number }): number {
  const ea = a.expiry === 0 ? Infinity : a.expiry;
  const eb = b.expiry === 0 ? Infinity : b.expiry;
  return ea === eb ? 0 : ea > eb ? 1 : -1;
}

/** Reconciles two versions of a row; data older than a tombstone (row or `partitionDeletedAt`) disappears. */
export function mergeRows(existing: Buffer | undefined, update: Buffer, partitionDeletedAt: bigint | null): Buffer {
  if (existing === undefined && partitionDeletedAt === null) return update;
  const u = decodeRow(update);
  const e = existing ? decodeRow(existing) : { marker: null, deletedAt: null, cells: [] };
  let deletedAt = e.deletedAt;
  if (u.deletedAt !== null && (deletedAt === null || u.deletedAt > deletedAt)) deletedAt = u.deletedAt;
  const shadow =
    partitionDeletedAt !== null && (deletedAt === null || partitionDeletedAt > deletedAt)
      ? partitionDeletedAt
      : deletedAt;
  let marker = e.marker;
  if (u.marker && (!marker || u.marker.ts > marker.ts)) marker = u.marker;
  else if (u.marker && marker && u.marker.ts === marker.ts) {
    const e = laterExpiry(u.marker, marker);
    if (e > 0 || (e === 0 && u.marker.ttl > marker.ttl)) marker = u.marker;
  }
  if (marker && shadow !== null && marker.ts <= shadow) marker = null;
  const bySlot = new Map<number, Cell>();
  for (const c of e.cells) bySlot.set(c.slot, c);
  for (const c of u.cells) {
    const old = bySlot.get(c.slot);
    bySlot.set(c.slot, old ? newer(old, c) : c);
  }
  const cells = [...bySlot.values()].filter((c) => shadow === null || c.ts > shadow).sort((a, b) => a.slot - b.slot);
  return encodeRow({ marker, deletedAt, cells });
}

/** Live values by slot at `nowSeconds` (expired cells read as null), or null when nothing in the row is live. */
export function liveCells(b: Buffer, slots: number, nowSeconds: number): (Cell | null)[] | null {
  const row = decodeRow(b);
  const out: (Cell | null)[] = new Array<Cell | null>(slots).fill(null);
  let live = row.marker !== null && (row.marker.expiry === 0 || row.marker.expiry > nowSeconds);
  for (const c of row.cells) {
    if (c.value === null || (c.expiry !== 0 && c.expiry <= nowSeconds)) continue;
    if (c.slot < slots) out[c.slot] = c;
    live = true;
  }
  return live ? out : null;
}

/** Whether anything in the row is live at `nowSeconds`, read straight from the bytes (COUNT(*) and snapshots). */
export function isLive(b: Buffer, nowSeconds: number): boolean {
  const flags = b[0] as number;
  const expiry = b.readUInt32BE(9);
  if (flags & 1 && (expiry === 0 || expiry > nowSeconds)) return true;
  let at = flags & 2 ? 25 : 17;
  const n = b.readUInt16BE(at);
  at += 2;
  for (let i = 0; i < n; i++) {
    const cf = b[at + 2] as number;
    at += 3;
    let cellExpiry = expiry;
    if (cf & 1) {
      cellExpiry = b.readUInt32BE(at + 8);
      at += 16;
    }
    if (cf & 2) continue;
    if (cellExpiry === 0 || cellExpiry > nowSeconds) return true;
    at += 4 + b.readUInt32BE(at);
  }
  return false;
}

/**
 * Whether a stored row may stop being live by itself or carries a tombstone: an expiry on the marker or a cell, a row
 * or cell tombstone. Such rows are purged by the next rewrite, so the storage counts them as waste.
 */
export function mayExpire(b: Buffer): boolean {
  const flags = b[0] as number;
  if (flags & 2 || b.readUInt32BE(9) !== 0) return true;
  let at = 19;
  const n = b.readUInt16BE(17);
  for (let i = 0; i < n; i++) {
    const cf = b[at + 2] as number;
    at += 3;
    if (cf & 2) return true;
    if (cf & 1) {
      if (b.readUInt32BE(at + 8) !== 0) return true;
      at += 16;
    }
    at += 4 + b.readUInt32BE(at);
  }
  return false;
}

/**
 * What Cassandra counts as a row's data size for batch limits (`Row.dataSize()`): 8 bytes of liveness timestamp for
 * the marker (16 when it expires), 12 for a row deletion, and per cell 16 bytes (timestamp, TTL, local deletion
 * time) plus the value. A non-frozen collection is one cell here, several (one per element) in Cassandra.
 */
export function rowDataSize(b: Buffer): number {
  const flags = b[0] as number;
  let size = 0;
  if (flags & 1) size += b.readUInt32BE(9) !== 0 ? 16 : 8;
  let at = 17;
  if (flags & 2) {
    size += 12;
    at += 8;
  }
  const n = b.readUInt16BE(at);
  at += 2;
  for (let i = 0; i < n; i++) {
    const cf = b[at + 2] as number;
    at += cf & 1 ? 19 : 3;
    size += 16;
    if (cf & 2) continue;
    const len = b.readUInt32BE(at);
    size += len;
    at += 4 + len;
  }
  return size;
}

/** The row without the cells of `slots` (their values are being replaced by a later write of the same batch). */
export function withoutSlots(b: Buffer, slots: readonly number[]): Buffer {
  const row = decodeRow(b);
  return encodeRow({ ...row, cells: row.cells.filter((c) => !slots.includes(c.slot)) });
}

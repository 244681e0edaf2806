// One stored row packed in a single Buffer (no per-cell JS objects at rest), with Cassandra's reconciliation rules:
// every cell and the row marker carry a write timestamp (microseconds), an optional expiry, and the newest wins.
//
// Layout: [u8 flags: 1 = marker, 2 = row tombstone]
//         [marker: i64 ts, u32 expiry (epoch s, 0 = never), u32 ttl] [tombstone: i64 ts]
//         [u16 cells] then per cell [u16 slot][i64 ts][u32 expiry][u32 ttl][i32 length, -1 = tombstone][bytes]

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
  let size = 1 + (row.marker ? 16 : 0) + (row.deletedAt !== null ? 8 : 0) + 2;
  for (const c of row.cells) size += 22 + (c.value?.length ?? 0);
  const b = Buffer.allocUnsafe(size);
  b[0] = (row.marker ? 1 : 0) | (row.deletedAt !== null ? 2 : 0);
  let at = 1;
  if (row.marker) {
    b.writeBigInt64BE(row.marker.ts, at);
    b.writeUInt32BE(row.marker.expiry, at + 8);
    b.writeUInt32BE(row.marker.ttl, at + 12);
    at += 16;
  }
  if (row.deletedAt !== null) {
    b.writeBigInt64BE(row.deletedAt, at);
    at += 8;
  }
  b.writeUInt16BE(row.cells.length, at);
  at += 2;
  for (const c of row.cells) {
    b.writeUInt16BE(c.slot, at);
    b.writeBigInt64BE(c.ts, at + 2);
    b.writeUInt32BE(c.expiry, at + 10);
    b.writeUInt32BE(c.ttl, at + 14);
    b.writeInt32BE(c.value === null ? -1 : c.value.length, at + 18);
    at += 22;
    if (c.value) {
      c.value.copy(b, at);
      at += c.value.length;
    }
  }
  return b;
}

export function decodeRow(b: Buffer): RowParts {
  const flags = b[0] as number;
  let at = 1;
  let marker: RowParts['marker'] = null;
  let deletedAt: bigint | null = null;
  if (flags & 1) {
    marker = { ts: b.readBigInt64BE(at), expiry: b.readUInt32BE(at + 8), ttl: b.readUInt32BE(at + 12) };
    at += 16;
  }
  if (flags & 2) {
    deletedAt = b.readBigInt64BE(at);
    at += 8;
  }
  const n = b.readUInt16BE(at);
  at += 2;
  const cells: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const len = b.readInt32BE(at + 18);
    const cell: Cell = {
      slot: b.readUInt16BE(at),
      ts: b.readBigInt64BE(at + 2),
      expiry: b.readUInt32BE(at + 10),
      ttl: b.readUInt32BE(at + 14),
      value: len < 0 ? null : b.subarray(at + 22, at + 22 + len),
    };
    at += 22 + Math.max(len, 0);
    cells.push(cell);
  }
  return { marker, deletedAt, cells };
}

/** Which of two versions of a cell survives: newer timestamp; on a tie a tombstone, then the greater value. */
function newer(a: Cell, b: Cell): Cell {
  if (a.ts !== b.ts) return a.ts > b.ts ? a : b;
  if (a.value === null) return a;
  if (b.value === null) return b;
  return Buffer.compare(a.value, b.value) >= 0 ? a : b;
}

/** Reconciles two versions of a row; data older than a tombstone (row or `partitionDeletedAt`) disappears. */
export function mergeRows(existing: Buffer | undefined, update: Buffer, partitionDeletedAt: bigint | null): Buffer {
  const u = decodeRow(update);
  if (existing === undefined && partitionDeletedAt === null) return update;
  const e = existing ? decodeRow(existing) : { marker: null, deletedAt: null, cells: [] };
  let deletedAt = e.deletedAt;
  if (u.deletedAt !== null && (deletedAt === null || u.deletedAt > deletedAt)) deletedAt = u.deletedAt;
  const shadow =
    partitionDeletedAt !== null && (deletedAt === null || partitionDeletedAt > deletedAt)
      ? partitionDeletedAt
      : deletedAt;
  let marker = e.marker;
  if (u.marker && (!marker || u.marker.ts >= marker.ts)) marker = u.marker;
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

import { USER_TEXT_COLUMNS, type UserRow } from '../../shared/user';

/**
 * A user row as the bytes Cassandra stores: the id's 16 bytes and each text column's UTF-8, as views of one slab.
 * cassandra-driver passes a `Buffer` parameter through untouched (its documented escape hatch), so encoding here once
 * replaces its per-value type dispatch and `Buffer.from` (12 allocations per row) with writes into shared memory.
 */
export interface EncodedUserRow {
  /** `id` then the eleven text columns, in `USER_COLUMNS` order; null where the row has null. */
  values: (Buffer | null)[];
  /** The id's bytes (the partition key: what the driver routes on). */
  key: Buffer;
  /** Cassandra's measure of the mutation (values plus per-cell overhead), for batch size limits. */
  mutationBytes: number;
}

// Per-cell overhead Cassandra counts in a mutation's data size (timestamp and flags), rounded up so that the estimate
// errs towards smaller batches.
const CELL_OVERHEAD = 12;
// Buffer's own UTF-8 writer, without `write`'s argument juggling (a tenth of the sink's time in profiles); every Node
// since 0.x has it. Falls back to the public `write` should it ever go.
type Utf8Write = (this: Buffer, text: string, offset: number) => number;
const utf8Write: Utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write ??
  function (this: Buffer, text: string, offset: number) {
    return this.write(text, offset, 'utf8');
  };
const SLAB_BYTES = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let used = 0;

function reserve(maxBytes: number): void {
  if (used + maxBytes <= slab.length) return;
  slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, maxBytes));
  used = 0;
}

const HEX: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
})();

/** Writes a canonical 8-4-4-4-12 UUID's 16 bytes at `at`; throws on anything else (the decoder already checked). */
function writeUuid(id: string, at: number): void {
  if (id.length !== 36) throw new TypeError(`not a canonical UUID: ${id}`);
  let out = at;
  for (let i = 0; i < 36;) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      i++;
      continue;
    }
    const hi = HEX[id.charCodeAt(i) & 127] ?? -1;
    const lo = HEX[id.charCodeAt(i + 1) & 127] ?? -1;
    if (hi < 0 || lo < 0) throw new TypeError(`not a canonical UUID: ${id}`);
    slab[out++] = (hi << 4) | lo;
    i += 2;
  }
}

/** Encodes one row for a prepared INSERT of all `USER_COLUMNS`. */
export function encodeUserRow(row: UserRow): EncodedUserRow {
  let chars = 0;
  for (const c of USER_TEXT_COLUMNS) chars += row[c]?.length ?? 0;
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  reserve(16 + chars * 3);
  const start = used;
  writeUuid(row.id, used);
  used += 16;
  const key = slab.subarray(start, used);
  const values: (Buffer | null)[] = [key];
  let mutationBytes = 16;
  for (const c of USER_TEXT_COLUMNS) {
    const text = row[c];
    if (text === null) {
      values.push(null);
      continue;
    }
    const from = used;
    used += utf8Write.call(slab, text, used);
    values.push(slab.subarray(from, used));
    mutationBytes += used - from + CELL_OVERHEAD;
  }
  return { values, key, mutationBytes };
}

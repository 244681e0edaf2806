// Buffer#writeBigInt64BE splits its BigInt with BigInt shifts and masks, several allocations per call (about 0.1 µs);
// the write path stores two 64-bit fields per INSERT (the row timestamp and the token in the commit log). Storing the
// value into a BigInt64Array converts it in one step; its bytes are then copied out in big-endian order.
import { endianness } from 'node:os';

const cell = new BigInt64Array(1);
const bytes = new Uint8Array(cell.buffer);
const little = endianness() === 'LE';

/** Writes `value` as a big-endian signed 64-bit integer at `at` (same result as `b.writeBigInt64BE(value, at)`). */
export function writeInt64BE(b: Uint8Array, value: bigint, at: number): void {
  if (!little || at < 0 || at + 8 > b.length) {
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).writeBigInt64BE(value, at);
    return;
  }
  cell[0] = value;
  b[at] = bytes[7] as number;
  b[at + 1] = bytes[6] as number;
  b[at + 2] = bytes[5] as number;
  b[at + 3] = bytes[4] as number;
  b[at + 4] = bytes[3] as number;
  b[at + 5] = bytes[2] as number;
  b[at + 6] = bytes[1] as number;
  b[at + 7] = bytes[0] as number;
}

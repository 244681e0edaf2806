// CRC-32C of RecordBatch v2, verified for every produced batch, so it is the broker's hottest loop. The same
// slicing-by-16 algorithm as crc32cPortable.ts, compiled from crc32c.wat to WebAssembly: about twice as fast even
// with the copy of the input into the module's memory. Inputs over 1 MiB use the JavaScript version instead, so
// the module's memory (which never shrinks) stays small.
import { CRC32C_TABLES, crc32cPortable } from './crc32cPortable';
import { CRC32C_WASM_BASE64 } from './crc32cWasm';

const TABLE_BYTES = CRC32C_TABLES.length * 4;
const MAX_WASM_INPUT = 1024 * 1024;
const PAGE = 65536;

const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(CRC32C_WASM_BASE64, 'base64')));
const memory = instance.exports.memory as WebAssembly.Memory;
const crcInMemory = instance.exports.crc as (pointer: number, length: number) => number;
new Uint32Array(memory.buffer, 0, CRC32C_TABLES.length).set(CRC32C_TABLES);
let bytes = new Uint8Array(memory.buffer);

/** CRC-32C of buf[start, end). */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  const length = end - start;
  if (length > MAX_WASM_INPUT) return crc32cPortable(buf, start, end);
  if (TABLE_BYTES + length > bytes.length) {
    memory.grow(Math.ceil((TABLE_BYTES + length - bytes.length) / PAGE));
    bytes = new Uint8Array(memory.buffer);
  }
  bytes.set(buf.subarray(start, end), TABLE_BYTES);
  return crcInMemory(TABLE_BYTES, length) >>> 0;
}

// CRC-32C of RecordBatch v2, verified for every produced batch, so it is the broker's hottest loop. The native
// @node-rs/crc32 (SSE4.2 / ARMv8 CRC instructions, prebuilt per platform) runs at ~5.5 GB/s here against ~2.1 GB/s
// for our WebAssembly fallback, which is used when no prebuilt binary fits this platform. The fallback is the
// slicing-by-16 algorithm of crc32cPortable.ts compiled from crc32c.wat; inputs over 1 MiB use the JavaScript
// version instead, so the module's memory (which never shrinks) stays small.
import { nativeCrc } from '../../nativeCrc';
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

/** CRC-32C of buf[start, end) in WebAssembly (the fallback; exported for tests). */
export function crc32cWebAssembly(buf: Uint8Array, start = 0, end = buf.length): number {
  const length = end - start;
  if (length > MAX_WASM_INPUT) return crc32cPortable(buf, start, end);
  if (TABLE_BYTES + length > bytes.length) {
    memory.grow(Math.ceil((TABLE_BYTES + length - bytes.length) / PAGE));
    bytes = new Uint8Array(memory.buffer);
  }
  bytes.set(buf.subarray(start, end), TABLE_BYTES);
  return crcInMemory(TABLE_BYTES, length) >>> 0;
}

const native = nativeCrc?.crc32c;

/** Which implementation `crc32c` uses here. */
export const crc32cImplementation: 'native' | 'webassembly' = native ? 'native' : 'webassembly';

/** CRC-32C of buf[start, end). */
export const crc32c: (buf: Uint8Array, start?: number, end?: number) => number = native
  ? (buf, start = 0, end = buf.length) => native(Buffer.from(buf.buffer, buf.byteOffset + start, end - start)) >>> 0
  : crc32cWebAssembly;

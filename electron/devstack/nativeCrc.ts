// @node-rs/crc32: CRC-32 and CRC-32C with the CPU's CRC and carry-less multiply instructions, prebuilt per platform.
// Loaded once for both servers; undefined where no prebuilt binary fits, and each caller then uses its fallback.
import { createRequire } from 'node:module';

export interface NativeCrc {
  /** CRC-32 with zlib's polynomial. */
  crc32(input: Buffer): number;
  /** CRC-32C (Castagnoli), Kafka's RecordBatch checksum. */
  crc32c(input: Buffer): number;
}

function load(): NativeCrc | undefined {
  try {
    const lib = createRequire(import.meta.url)('@node-rs/crc32') as Partial<Record<keyof NativeCrc, unknown>>;
    if (typeof lib.crc32 !== 'function' || typeof lib.crc32c !== 'function') return undefined;
    return lib as NativeCrc;
  } catch {
    return undefined; // no prebuilt binary for this platform
  }
}

export const nativeCrc: NativeCrc | undefined = load();

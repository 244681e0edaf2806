// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) in plain JavaScript: slicing-by-16 over one flat table,
// about 0.75 ms per MiB (slicing-by-8 took 1.3). Used for inputs too large for the WebAssembly version's memory and
// as its reference in tests. Non-null assertions below index a fully populated typed array in the hot loop.
const POLY = 0x82f63b78;
/** The 16 slicing tables, 256 entries each, back to back (also copied into the WebAssembly memory). */
export const CRC32C_TABLES = new Uint32Array(16 * 256);
const T = CRC32C_TABLES;
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c >>> 0;
}
for (let t = 1; t < 16; t++) {
  for (let i = 0; i < 256; i++) {
    const previous = T[(t - 1) * 256 + i]!;
    T[t * 256 + i] = (previous >>> 8) ^ T[previous & 0xff]!;
  }
}

/** CRC-32C of buf[start, end). */
export function crc32cPortable(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0xffffffff;
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const a = crc ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    crc =
      T[3840 + (a & 0xff)]! ^
      T[3584 + ((a >>> 8) & 0xff)]! ^
      T[3328 + ((a >>> 16) & 0xff)]! ^
      T[3072 + (a >>> 24)]! ^
      T[2816 + buf[i + 4]!]! ^
      T[2560 + buf[i + 5]!]! ^
      T[2304 + buf[i + 6]!]! ^
      T[2048 + buf[i + 7]!]! ^
      T[1792 + buf[i + 8]!]! ^
      T[1536 + buf[i + 9]!]! ^
      T[1280 + buf[i + 10]!]! ^
      T[1024 + buf[i + 11]!]! ^
      T[768 + buf[i + 12]!]! ^
      T[512 + buf[i + 13]!]! ^
      T[256 + buf[i + 14]!]! ^
      T[buf[i + 15]!]!;
  }
  for (; i < end; i++) crc = T[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of RecordBatch v2. Slicing-by-8 tables keep it
// at roughly a byte per cycle in plain JavaScript, which matters because every produced batch is verified.
const POLY = 0x82f63b78;
const tables: Uint32Array[] = [];
{
  const base = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    base[i] = c >>> 0;
  }
  tables.push(base);
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1] as Uint32Array;
    const next = new Uint32Array(256);
    for (let i = 0; i < 256; i++) next[i] = ((prev[i] as number) >>> 8) ^ (base[(prev[i] as number) & 0xff] as number);
    tables.push(next);
  }
}
const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** CRC-32C of buf[start, end). */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0xffffffff;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a =
      crc ^
      ((buf[i] as number) |
        ((buf[i + 1] as number) << 8) |
        ((buf[i + 2] as number) << 16) |
        ((buf[i + 3] as number) << 24));
    crc =
      (t7[a & 0xff] as number) ^
      (t6[(a >>> 8) & 0xff] as number) ^
      (t5[(a >>> 16) & 0xff] as number) ^
      (t4[a >>> 24] as number) ^
      (t3[buf[i + 4] as number] as number) ^
      (t2[buf[i + 5] as number] as number) ^
      (t1[buf[i + 6] as number] as number) ^
      (t0[buf[i + 7] as number] as number);
  }
  for (; i < end; i++) crc = (t0[(crc ^ (buf[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

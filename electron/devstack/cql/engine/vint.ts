// Cassandra's unsigned vint (VIntCoding): the count of leading 1 bits in the first byte is the number of extra bytes.

/** The unsigned vint bytes of `v` (0 <= v < 2^64). */
export function unsignedVint(v: bigint): Buffer {
  // The number of extra bytes is the count of leading 1 bits in the first byte.
  let extra = 0;
  while (extra < 8 && v >= 1n << BigInt(7 * (extra + 1))) extra++;
  const out = Buffer.alloc(extra + 1);
  let x = v;
  for (let i = extra; i >= 1; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  out[0] = (extra === 8 ? 0 : Number(x)) | ((0xff00 >> extra) & 0xff);
  return out;
}

/** The unsigned vint at `at` and the offset after it, or null when the bytes end first. */
export function readUnsignedVint(b: Buffer, at: number): [bigint, number] | null {
  const first = b[at];
  if (first === undefined) return null;
  let extra = 0;
  while (extra < 8 && first & (0x80 >> extra)) extra++;
  if (at + extra >= b.length) return null;
  let v = BigInt(extra === 8 ? 0 : first & (0xff >> (extra + 1)));
  for (let i = 1; i <= extra; i++) v = (v << 8n) | BigInt(b[at + i] as number);
  return [v, at + extra + 1];
}

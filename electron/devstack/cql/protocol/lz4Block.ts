// LZ4 block compression for protocol v5 segments (spec section 2.2). Written here rather than taken from npm: the
// pure-JS lz4js the project ships for Kafka frames made blocks python-lz4 refuses (its last match ends too close to
// the block's end), and the maintained LZ4 packages are native builds. Greedy, one hash probe per position, LZ4's
// end-of-block rules (the last match starts 12+ bytes before the end, the last 5 bytes are literals).
//
// A segment always goes out as a real LZ4 block, even when the data does not compress: a literal-only block is valid
// LZ4, and python-driver 3.25 sizes a segment with "uncompressed length 0" (the spec's "sent as is") as if its
// header were the short uncompressed one, two bytes short, which breaks when the segment arrives split across reads.

const MIN_MATCH = 4;
const MF_LIMIT = 12;
const LAST_LITERALS = 5;
const HASH_LOG = 14;
const table = new Int32Array(1 << HASH_LOG);

/** Bytes a literal-only block of n bytes takes: token, length extension, literals. */
export function literalBlockBytes(n: number): number {
  return 1 + (n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0) + n;
}

function writeLength(dst: Buffer, o: number, rest: number): number {
  for (; rest >= 255; rest -= 255) dst[o++] = 255;
  dst[o++] = rest;
  return o;
}

function literalBlock(src: Buffer): Buffer {
  const n = src.length;
  const out = Buffer.allocUnsafe(literalBlockBytes(n));
  let o = 0;
  out[o++] = Math.min(n, 15) << 4;
  if (n >= 15) o = writeLength(out, o, n - 15);
  src.copy(out, o);
  return out;
}

/** One raw LZ4 block (no size prefix) that decodes to `src`; never larger than a literal-only block. */
export function compressLz4Block(src: Buffer): Buffer {
  const n = src.length;
  if (n <= MF_LIMIT + 1) return literalBlock(src);
  // Give up (literal-only) once the output would not be smaller than the input.
  const dst = Buffer.allocUnsafe(n);
  table.fill(-1);
  const matchEnd = n - LAST_LITERALS;
  let anchor = 0;
  let o = 0;
  let i = 0;
  while (i <= n - MF_LIMIT) {
    const seq = src.readUInt32LE(i);
    const h = Math.imul(seq, 2654435761) >>> (32 - HASH_LOG);
    const ref = table[h] as number;
    table[h] = i;
    if (ref < 0 || i - ref > 0xffff || src.readUInt32LE(ref) !== seq) {
      i++;
      continue;
    }
    let length = MIN_MATCH;
    while (i + length < matchEnd && src[ref + length] === src[i + length]) length++;
    const literals = i - anchor;
    if (o + literals + (literals >> 8) + (length >> 8) + 8 >= n) return literalBlock(src);
    const code = length - MIN_MATCH;
    dst[o++] = (Math.min(literals, 15) << 4) | Math.min(code, 15);
    if (literals >= 15) o = writeLength(dst, o, literals - 15);
    src.copy(dst, o, anchor, i);
    o += literals;
    const offset = i - ref;
    dst[o++] = offset & 0xff;
    dst[o++] = offset >> 8;
    if (code >= 15) o = writeLength(dst, o, code - 15);
    i += length;
    anchor = i;
  }
  const literals = n - anchor;
  if (o + literals + (literals >> 8) + 2 >= n) return literalBlock(src);
  dst[o++] = Math.min(literals, 15) << 4;
  if (literals >= 15) o = writeLength(dst, o, literals - 15);
  src.copy(dst, o, anchor, n);
  return dst.subarray(0, o + literals);
}

// Cassandra's Murmur3Partitioner token: the first 64 bits of MurmurHash3 x64_128 (seed 0) of the serialized partition
// key, as a signed long. Cassandra's tail loop sign-extends each byte (`(long) key.get(i)`), which changes the hash of
// keys whose length is not a multiple of 16 and has bytes >= 0x80; drivers replicate that quirk, so must we.
// 64-bit words are (hi, lo) pairs of uint32 in plain numbers: BigInt arithmetic was several times slower here.

// The (hi, lo) result of the helpers below. A typed array, not two `let`s: words at or above 2^30 are not small
// integers, so every store to a plain variable allocated a heap number (most of this file's cost).
const R = new Uint32Array(2);

// The token leaves as one BigInt read from a BigInt64Array whose two 32-bit halves are written first: building it
// with BigInt shifts allocated five BigInts per key. The halves' order follows the platform's byte order.
const TOKEN = new BigInt64Array(1);
const TOKEN_HALVES = new Uint32Array(TOKEN.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const MIN_TOKEN = -(1n << 63n);
const MAX_TOKEN = (1n << 63n) - 1n;

/** The little-endian uint32 at `o` (a DataView per key was an allocation per INSERT). */
function le32(d: Uint8Array, o: number): number {
  return (
    ((d[o] as number) | ((d[o + 1] as number) << 8) | ((d[o + 2] as number) << 16) | ((d[o + 3] as number) << 24)) >>> 0
  );
}

/** R * (bh, bl) mod 2^64 into R, in 16-bit limbs so every partial product is exact in a double. */
function mul(bh: number, bl: number): void {
  const ah = R[0] as number;
  const al = R[1] as number;
  const a48 = ah >>> 16;
  const a32 = ah & 0xffff;
  const a16 = al >>> 16;
  const a00 = al & 0xffff;
  const b48 = bh >>> 16;
  const b32 = bh & 0xffff;
  const b16 = bl >>> 16;
  const b00 = bl & 0xffff;
  let c00 = a00 * b00;
  let c16 = c00 >>> 16;
  c00 &= 0xffff;
  c16 += a16 * b00;
  let c32 = c16 >>> 16;
  c16 &= 0xffff;
  c16 += a00 * b16;
  c32 += c16 >>> 16;
  c16 &= 0xffff;
  c32 += a32 * b00;
  let c48 = c32 >>> 16;
  c32 &= 0xffff;
  c32 += a16 * b16;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c32 += a00 * b32;
  c48 += c32 >>> 16;
  c32 &= 0xffff;
  c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
  c48 &= 0xffff;
  R[0] = ((c48 << 16) | c32) >>> 0;
  R[1] = ((c16 << 16) | c00) >>> 0;
}

/** Rotate R left by r (0 < r < 64). */
function rotl(r: number): void {
  let h = R[0] as number;
  let l = R[1] as number;
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    R[0] = h;
    R[1] = l;
    return;
  }
  R[0] = ((h << r) | (l >>> (32 - r))) >>> 0;
  R[1] = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** R + (bh, bl) mod 2^64 into R. */
function add(bh: number, bl: number): void {
  const ah = R[0] as number;
  const al = R[1] as number;
  const lo = al + bl;
  R[1] = lo >>> 0;
  R[0] = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

const C1H = 0x87c37b91;
const C1L = 0x114253d5;
const C2H = 0x4cf5ad43;
const C2L = 0x2745937f;

function fmix(h: number, l: number): void {
  l = (l ^ (h >>> 1)) >>> 0;
  R[0] = h;
  R[1] = l;
  mul(0xff51afd7, 0xed558ccd);
  h = R[0];
  l = (R[1] ^ (R[0] >>> 1)) >>> 0;
  R[0] = h;
  R[1] = l;
  mul(0xc4ceb9fe, 0x1a85ec53);
  R[1] = (R[1] ^ (R[0] >>> 1)) >>> 0;
}

/** The 64-bit word of tail bytes [from, to) (little-endian), each byte sign-extended as Java's `(long) byte`. */
function tailWord(data: Uint8Array, from: number, to: number): void {
  let h = 0;
  let l = 0;
  for (let i = to - 1; i >= from; i--) {
    const b = data[i] as number;
    const shift = (i - from) * 8;
    // Sign-extended byte shifted left by `shift`: the byte itself, plus all-ones above it when negative.
    let bh = 0;
    let bl = 0;
    if (shift < 32) {
      bl = (b << shift) >>> 0;
      bh = shift === 0 ? 0 : b >>> (32 - shift);
      if (b & 0x80) {
        bl = (bl | (shift + 8 < 32 ? ~((1 << (shift + 8)) - 1) : 0)) >>> 0;
        bh = (bh | (shift + 8 > 32 ? ~((1 << (shift + 8 - 32)) - 1) : 0xffffffff)) >>> 0;
      }
    } else {
      bh = (b << (shift - 32)) >>> 0;
      if (b & 0x80) bh = (bh | (shift - 32 + 8 < 32 ? ~((1 << (shift - 32 + 8)) - 1) : 0)) >>> 0;
    }
    h = (h ^ bh) >>> 0;
    l = (l ^ bl) >>> 0;
  }
  R[0] = h;
  R[1] = l;
}

/** The Murmur3Partitioner token of a serialized partition key. */
export function murmur3Token(data: Uint8Array): bigint {
  const length = data.length;
  const nblocks = length >> 4;
  let h1h = 0;
  let h1l = 0;
  let h2h = 0;
  let h2l = 0;
  for (let i = 0; i < nblocks; i++) {
    const o = i * 16;
    // k1
    R[0] = le32(data, o + 4);
    R[1] = le32(data, o);
    mul(C1H, C1L);
    rotl(31);
    mul(C2H, C2L);
    h1h = (h1h ^ R[0]) >>> 0;
    h1l = (h1l ^ R[1]) >>> 0;
    R[0] = h1h;
    R[1] = h1l;
    rotl(27);
    add(h2h, h2l);
    mul(0, 5);
    add(0, 0x52dce729);
    h1h = R[0];
    h1l = R[1];
    // k2
    R[0] = le32(data, o + 12);
    R[1] = le32(data, o + 8);
    mul(C2H, C2L);
    rotl(33);
    mul(C1H, C1L);
    h2h = (h2h ^ R[0]) >>> 0;
    h2l = (h2l ^ R[1]) >>> 0;
    R[0] = h2h;
    R[1] = h2l;
    rotl(31);
    add(h1h, h1l);
    mul(0, 5);
    add(0, 0x38495ab5);
    h2h = R[0];
    h2l = R[1];
  }
  const tail = nblocks * 16;
  const rest = length & 15;
  if (rest > 8) {
    tailWord(data, tail + 8, tail + rest);
    mul(C2H, C2L);
    rotl(33);
    mul(C1H, C1L);
    h2h = (h2h ^ (R[0] as number)) >>> 0;
    h2l = (h2l ^ (R[1] as number)) >>> 0;
  }
  if (rest > 0) {
    tailWord(data, tail, tail + Math.min(rest, 8));
    mul(C1H, C1L);
    rotl(31);
    mul(C2H, C2L);
    h1h = (h1h ^ (R[0] as number)) >>> 0;
    h1l = (h1l ^ (R[1] as number)) >>> 0;
  }
  // Lengths stay far below 2^32.
  h1l = (h1l ^ length) >>> 0;
  h2l = (h2l ^ length) >>> 0;
  R[0] = h1h;
  R[1] = h1l;
  add(h2h, h2l);
  h1h = R[0];
  h1l = R[1];
  R[0] = h2h;
  R[1] = h2l;
  add(h1h, h1l);
  h2h = R[0];
  h2l = R[1];
  fmix(h1h, h1l);
  h1h = R[0];
  h1l = R[1];
  fmix(h2h, h2l);
  const h2hf = R[0] as number;
  const h2lf = R[1] as number;
  R[0] = h1h;
  R[1] = h1l;
  add(h2hf, h2lf);
  TOKEN_HALVES[LITTLE_ENDIAN ? 1 : 0] = R[0] as number;
  TOKEN_HALVES[LITTLE_ENDIAN ? 0 : 1] = R[1] as number;
  const token = TOKEN[0] as bigint;
  // Murmur3Partitioner never hands out the minimum token: it is reserved for "before everything".
  return token === MIN_TOKEN ? MAX_TOKEN : token;
}

// Cassandra's Murmur3Partitioner token: the first 64 bits of MurmurHash3 x64_128 (seed 0) of the serialized partition
// key, as a signed long. Cassandra's tail loop sign-extends each byte (`(long) key.get(i)`), which changes the hash of
// keys whose length is not a multiple of 16 and has bytes >= 0x80; drivers replicate that quirk, so must we.
// 64-bit words are (hi, lo) pairs of uint32 in plain numbers: BigInt arithmetic was several times slower here.

let rh = 0;
let rl = 0;

/** (ah, al) * (bh, bl) mod 2^64 into (rh, rl), in 16-bit limbs so every partial product is exact in a double. */
function mul(ah: number, al: number, bh: number, bl: number): void {
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
  rh = ((c48 << 16) | c32) >>> 0;
  rl = ((c16 << 16) | c00) >>> 0;
}

/** Rotate left by r (0 < r < 64) into (rh, rl). */
function rotl(h: number, l: number, r: number): void {
  if (r >= 32) {
    const t = h;
    h = l;
    l = t;
    r -= 32;
  }
  if (r === 0) {
    rh = h;
    rl = l;
    return;
  }
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  rl = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** (ah, al) + (bh, bl) mod 2^64 into (rh, rl). */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  rl = lo >>> 0;
  rh = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

const C1H = 0x87c37b91;
const C1L = 0x114253d5;
const C2H = 0x4cf5ad43;
const C2L = 0x2745937f;

function fmix(h: number, l: number): void {
  l = (l ^ (h >>> 1)) >>> 0;
  mul(h, l, 0xff51afd7, 0xed558ccd);
  h = rh;
  l = (rl ^ (rh >>> 1)) >>> 0;
  mul(h, l, 0xc4ceb9fe, 0x1a85ec53);
  rl = (rl ^ (rh >>> 1)) >>> 0;
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
  rh = h;
  rl = l;
}

/** The Murmur3Partitioner token of a serialized partition key. */
export function murmur3Token(data: Uint8Array): bigint {
  const length = data.length;
  const nblocks = length >> 4;
  let h1h = 0;
  let h1l = 0;
  let h2h = 0;
  let h2l = 0;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < nblocks; i++) {
    const o = i * 16;
    // k1
    mul(view.getUint32(o + 4, true), view.getUint32(o, true), C1H, C1L);
    rotl(rh, rl, 31);
    mul(rh, rl, C2H, C2L);
    h1h = (h1h ^ rh) >>> 0;
    h1l = (h1l ^ rl) >>> 0;
    rotl(h1h, h1l, 27);
    add(rh, rl, h2h, h2l);
    mul(rh, rl, 0, 5);
    add(rh, rl, 0, 0x52dce729);
    h1h = rh;
    h1l = rl;
    // k2
    mul(view.getUint32(o + 12, true), view.getUint32(o + 8, true), C2H, C2L);
    rotl(rh, rl, 33);
    mul(rh, rl, C1H, C1L);
    h2h = (h2h ^ rh) >>> 0;
    h2l = (h2l ^ rl) >>> 0;
    rotl(h2h, h2l, 31);
    add(rh, rl, h1h, h1l);
    mul(rh, rl, 0, 5);
    add(rh, rl, 0, 0x38495ab5);
    h2h = rh;
    h2l = rl;
  }
  const tail = nblocks * 16;
  const rest = length & 15;
  if (rest > 8) {
    tailWord(data, tail + 8, tail + rest);
    mul(rh, rl, C2H, C2L);
    rotl(rh, rl, 33);
    mul(rh, rl, C1H, C1L);
    h2h = (h2h ^ rh) >>> 0;
    h2l = (h2l ^ rl) >>> 0;
  }
  if (rest > 0) {
    tailWord(data, tail, tail + Math.min(rest, 8));
    mul(rh, rl, C1H, C1L);
    rotl(rh, rl, 31);
    mul(rh, rl, C2H, C2L);
    h1h = (h1h ^ rh) >>> 0;
    h1l = (h1l ^ rl) >>> 0;
  }
  // Lengths stay far below 2^32.
  h1l = (h1l ^ length) >>> 0;
  h2l = (h2l ^ length) >>> 0;
  add(h1h, h1l, h2h, h2l);
  h1h = rh;
  h1l = rl;
  add(h2h, h2l, h1h, h1l);
  h2h = rh;
  h2l = rl;
  fmix(h1h, h1l);
  h1h = rh;
  h1l = rl;
  fmix(h2h, h2l);
  add(h1h, h1l, rh, rl);
  const token = BigInt.asIntN(64, (BigInt(rh) << 32n) | BigInt(rl));
  // Murmur3Partitioner never hands out the minimum token: it is reserved for "before everything".
  return token === -(1n << 63n) ? (1n << 63n) - 1n : token;
}

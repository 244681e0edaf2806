// Cassandra's Murmur3Partitioner token: the first 64 bits of MurmurHash3 x64_128 (seed 0) of the serialized partition
// key, as a signed long. Cassandra's tail loop sign-extends each byte (`(long) key.get(i)`), which changes the hash of
// keys whose length is not a multiple of 16 and has bytes >= 0x80; drivers replicate that quirk, so must we.

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

/** A byte of the tail, sign-extended to 64 bits the way Java's `(long) byte` does. */
const signed = (b: number): bigint => BigInt.asUintN(64, BigInt((b << 24) >> 24));

/** The Murmur3Partitioner token of a serialized partition key. */
export function murmur3Token(data: Uint8Array): bigint {
  const length = data.length;
  const nblocks = length >> 4;
  let h1 = 0n;
  let h2 = 0n;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < nblocks; i++) {
    let k1 = view.getBigUint64(i * 16, true);
    let k2 = view.getBigUint64(i * 16 + 8, true);
    k1 = mul(rotl(mul(k1, C1), 31n), C2);
    h1 ^= k1;
    h1 = (mul(rotl(h1, 27n) + h2, 5n) + 0x52dce729n) & MASK;
    k2 = mul(rotl(mul(k2, C2), 33n), C1);
    h2 ^= k2;
    h2 = (mul(rotl(h2, 31n) + h1, 5n) + 0x38495ab5n) & MASK;
  }
  const tail = nblocks * 16;
  const rest = length & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let i = rest - 1; i >= 8; i--) k2 ^= signed(data[tail + i] as number) << BigInt((i - 8) * 8);
  if (rest > 8) {
    k2 = mul(rotl(mul(k2 & MASK, C2), 33n), C1);
    h2 ^= k2;
  }
  for (let i = Math.min(rest, 8) - 1; i >= 0; i--) k1 ^= signed(data[tail + i] as number) << BigInt(i * 8);
  if (rest > 0) {
    k1 = mul(rotl(mul(k1 & MASK, C1), 31n), C2);
    h1 ^= k1;
  }
  const len = BigInt(length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK;
  const token = BigInt.asIntN(64, h1);
  // Murmur3Partitioner never hands out the minimum token: it is reserved for "before everything".
  return token === -(1n << 63n) ? (1n << 63n) - 1n : token;
}

// SHA-1 in plain TypeScript: UUID v5 needs it, and shared/ may not import node:crypto (the renderer reads shared/ too).
// SHA-1 is used here only to name ids deterministically (RFC 9562 §5.5), never for security.

const BLOCK_BYTES = 64;
// Int32Array, not Uint32Array: values ≥ 2^31 read from a Uint32Array leave V8's small-integer fast path.
const words = new Int32Array(80);

/** Hashes `bytes[0, length)` into `out` (20 bytes). `scratch` must be ≥ the padded length; it is overwritten. */
export function sha1Into(bytes: Uint8Array, length: number, scratch: Uint8Array, out: Uint8Array): void {
  const padded = paddedLength(length);
  if (scratch !== bytes) scratch.set(bytes.subarray(0, length));
  scratch[length] = 0x80;
  scratch.fill(0, length + 1, padded - 8);
  // Message length in bits as a 64-bit big-endian integer; lengths here stay far below 2^53 bits.
  const bits = length * 8;
  const high = Math.floor(bits / 0x1_0000_0000);
  const low = bits >>> 0;
  writeUint32(scratch, padded - 8, high);
  writeUint32(scratch, padded - 4, low);

  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = words;
  for (let offset = 0; offset < padded; offset += BLOCK_BYTES) {
    for (let i = 0; i < 16; i++) {
      const p = offset + i * 4;
      w[i] = (scratch[p]! << 24) | (scratch[p + 1]! << 16) | (scratch[p + 2]! << 8) | scratch[p + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    // Four loops without branches: the round function changes every 20 rounds.
    for (let i = 0; i < 20; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 20; i < 40; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 40; i < 60; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 60; i < 80; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  writeUint32(out, 0, h0);
  writeUint32(out, 4, h1);
  writeUint32(out, 8, h2);
  writeUint32(out, 12, h3);
  writeUint32(out, 16, h4);
}

/** The size of the buffer SHA-1 needs for a message of `length` bytes: message, 0x80, zeros, 8-byte length. */
export function paddedLength(length: number): number {
  return Math.ceil((length + 9) / BLOCK_BYTES) * BLOCK_BYTES;
}

/** SHA-1 digest (20 bytes) of `bytes`. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(20);
  sha1Into(bytes, bytes.length, new Uint8Array(paddedLength(bytes.length)), out);
  return out;
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

// UUID text handling: the canonical form Cassandra prints (lower-case 8-4-4-4-12) and name-based v5 ids.
import { paddedLength, sha1Into } from './sha1';

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
// Where each byte's two hex digits go in the 36-character text; the dashes stay in place.
const DIGIT_POSITIONS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const DASH = 0x2d;
const uuidCodes = new Array<number>(36).fill(DASH);

/** True for the 8-4-4-4-12 hex form of any UUID version (case-insensitive, no braces, no `urn:uuid:`, no spaces). */
export function isUuid(text: string): boolean {
  return text.length === 36 && UUID_PATTERN.test(text);
}

/** The 16 bytes of a UUID given in 8-4-4-4-12 form; the caller checks `isUuid` first. */
export function uuidToBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Lower-case 8-4-4-4-12 text of 16 bytes starting at `offset`. */
export function bytesToUuid(bytes: Uint8Array, offset = 0): string {
  // One fromCharCode call builds a flat string; piecewise concatenation was 4x slower on the decode hot path.
  for (let i = 0; i < 16; i++) {
    const at = DIGIT_POSITIONS[i]!;
    const byte = bytes[offset + i]!;
    uuidCodes[at] = HEX_CODES[byte >>> 4]!;
    uuidCodes[at + 1] = HEX_CODES[byte & 15]!;
  }
  return String.fromCharCode.apply(null, uuidCodes);
}

const encoder = new TextEncoder();
const digest = new Uint8Array(20);
// Reused between calls so the hot path allocates nothing but the result string; grows for unusually long names.
let scratch = new Uint8Array(256);

/** RFC 9562 UUID version 5: SHA-1 of namespace bytes + UTF-8 name, version and variant bits set. */
export function uuidV5(namespace: Uint8Array, name: string): string {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const need = paddedLength(16 + name.length * 3);
  if (scratch.length < need) scratch = new Uint8Array(need);
  scratch.set(namespace, 0);
  const { written } = encoder.encodeInto(name, scratch.subarray(16));
  sha1Into(scratch, 16 + written, scratch, digest);
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return bytesToUuid(digest);
}

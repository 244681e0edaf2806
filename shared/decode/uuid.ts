// UUID text handling: the canonical form Cassandra prints (lower-case 8-4-4-4-12) and name-based v5 ids.
import { paddedLength, sha1Into } from './sha1';

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

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
  const h = (i: number): string => HEX[bytes[offset + i]!]!;
  return (
    h(0) +
    h(1) +
    h(2) +
    h(3) +
    '-' +
    h(4) +
    h(5) +
    '-' +
    h(6) +
    h(7) +
    '-' +
    h(8) +
    h(9) +
    '-' +
    h(10) +
    h(11) +
    h(12) +
    h(13) +
    h(14) +
    h(15)
  );
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

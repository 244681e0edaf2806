// Serialized cells for the rows the wire server keeps in system tables (native protocol section 6 encodings).
import { isIPv4, isIPv6 } from 'node:net';
import { randomBytes } from 'node:crypto';
import { writeItems } from '../engine/valueCheck';

export type SystemRow = Record<string, Buffer | null>;

export const textCell = (s: string): Buffer => Buffer.from(s, 'utf8');

export function intCell(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n | 0);
  return b;
}

export function bigintCell(n: number | bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

export const boolCell = (v: boolean): Buffer => Buffer.from([v ? 1 : 0]);

/** A timestamp: milliseconds since the epoch as a bigint cell. */
export const timestampCell = (ms: number): Buffer => bigintCell(Math.round(ms));

/** inet: 4 or 16 bytes; an unparsable address (a Unix socket) becomes 0.0.0.0. */
export function inetCell(address: string): Buffer {
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(plain)) return Buffer.from(plain.split('.').map(Number));
  if (!isIPv6(plain)) return Buffer.from([0, 0, 0, 0]);
  const [head = '', tail = ''] = plain.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = plain.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export const textSetCell = (items: Iterable<string>): Buffer => {
  const sorted = [...items].sort();
  return writeItems(sorted.map(textCell), sorted.length);
};

export const textMapCell = (m: Record<string, string>): Buffer => {
  const keys = Object.keys(m).sort();
  return writeItems(
    keys.flatMap((k) => [textCell(k), textCell(m[k] as string)]),
    keys.length,
  );
};

const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const node = randomBytes(6);
node[0] = (node[0] as number) | 0x01; // multicast bit: a random node id, as RFC 4122 asks
let lastTicks = 0n;
const clockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;

/** A version-1 (time) UUID, strictly increasing within this process: trace sessions and events are ordered by it. */
export function timeUuid(ms = Date.now()): Buffer {
  let ticks = BigInt(Math.floor(ms)) * 10000n + GREGORIAN_OFFSET;
  if (ticks <= lastTicks) ticks = lastTicks + 1n;
  lastTicks = ticks;
  const out = Buffer.allocUnsafe(16);
  out.writeUInt32BE(Number(ticks & 0xffffffffn), 0);
  out.writeUInt16BE(Number((ticks >> 32n) & 0xffffn), 4);
  out.writeUInt16BE(Number((ticks >> 48n) & 0x0fffn) | 0x1000, 6);
  out.writeUInt16BE(clockSeq | 0x8000, 8);
  node.copy(out, 10);
  return out;
}

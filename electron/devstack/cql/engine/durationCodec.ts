// The `duration` type (Cassandra 3.10+): months, days and nanoseconds, each a zig-zag signed vint on the wire
// (native protocol v5 spec, section 6.7), parsed from Cassandra's three literal forms and printed as Cassandra does.
import { readUnsignedVint, unsignedVint } from './vint';

/** A duration's three components; all >= 0 or all <= 0. */
export interface Duration {
  months: bigint;
  days: bigint;
  nanos: bigint;
}

const NS_PER = { h: 3_600_000_000_000n, m: 60_000_000_000n, s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };
const INT_MAX = 2n ** 31n - 1n;
const LONG_MAX = 2n ** 63n - 1n;

const zigzag = (v: bigint): bigint => (v >= 0n ? v << 1n : (-v << 1n) - 1n);
const unzigzag = (v: bigint): bigint => (v & 1n ? -((v + 1n) >> 1n) : v >> 1n);

/** The serialized bytes of a duration. */
export function encodeDuration(d: Duration): Buffer {
  return Buffer.concat([d.months, d.days, d.nanos].map((v) => unsignedVint(zigzag(v))));
}

/** The duration in `b`, or a message like Cassandra's when the bytes are not one. */
export function decodeDuration(b: Buffer): Duration | string {
  const parts: bigint[] = [];
  let at = 0;
  for (let i = 0; i < 3; i++) {
    const r = readUnsignedVint(b, at);
    if (r === null) return 'Invalid duration: not enough bytes';
    parts.push(unzigzag(r[0]));
    at = r[1];
  }
  if (at !== b.length) return `Invalid duration: ${b.length - at} trailing bytes`;
  const [months = 0n, days = 0n, nanos = 0n] = parts;
  if (months > INT_MAX || months < -INT_MAX - 1n || days > INT_MAX || days < -INT_MAX - 1n)
    return 'Invalid duration: months and days must fit an int';
  if ((months < 0n || days < 0n || nanos < 0n) && (months > 0n || days > 0n || nanos > 0n))
    return 'The duration months, days and nanoseconds must be all of the same sign';
  return { months, days, nanos };
}

function unitParts(text: string): Duration | null {
  const re = /(\d+)(y|mo|w|d|h|ms|m|s|us|µs|ns)/gy;
  const d: Duration = { months: 0n, days: 0n, nanos: 0n };
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text)) !== null) {
    const n = BigInt(m[1] as string);
    const unit = (m[2] as string) === 'µs' ? 'us' : (m[2] as keyof typeof NS_PER | 'y' | 'mo' | 'w' | 'd');
    if (unit === 'y') d.months += n * 12n;
    else if (unit === 'mo') d.months += n;
    else if (unit === 'w') d.days += n * 7n;
    else if (unit === 'd') d.days += n;
    else d.nanos += n * NS_PER[unit];
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? d : null;
}

function isoParts(text: string): Duration | null {
  const alt = /^p(\d{4})-(\d{2})-(\d{2})t(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (alt) {
    const [y, mo, d, h, mi, s] = alt.slice(1).map((x) => BigInt(x));
    return {
      months: (y as bigint) * 12n + (mo as bigint),
      days: d as bigint,
      nanos: (h as bigint) * NS_PER.h + (mi as bigint) * NS_PER.m + (s as bigint) * NS_PER.s,
    };
  }
  const week = /^p(\d+)w$/.exec(text);
  if (week) return { months: 0n, days: BigInt(week[1] as string) * 7n, nanos: 0n };
  const m = /^p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?$/.exec(text);
  if (!m || text === 'p' || text.endsWith('t')) return null;
  const n = (i: number): bigint => BigInt(m[i] ?? '0');
  return { months: n(1) * 12n + n(2), days: n(3), nanos: n(4) * NS_PER.h + n(5) * NS_PER.m + n(6) * NS_PER.s };
}

/** Parses `1y2mo3w4d5h6m7s8ms9us10ns`, `P1Y2M3DT4H5M6S`, `P2W` or `P0001-02-03T04:05:06`, optionally negative. */
export function parseDuration(input: string): Duration | string {
  const text = input.trim().toLowerCase();
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const d = body.startsWith('p') ? isoParts(body) : unitParts(body);
  if (d === null) return `Unable to convert '${input}' to a duration`;
  if (d.months > INT_MAX || d.days > INT_MAX)
    return `Invalid duration. The total number of months or days must be less than ${INT_MAX}`;
  if (d.nanos > LONG_MAX + (negative ? 1n : 0n))
    return `Invalid duration. The total number of nanoseconds must be less than ${LONG_MAX}`;
  return negative ? { months: -d.months, days: -d.days, nanos: -d.nanos } : d;
}

/** Cassandra's text for a duration, e.g. `1y2mo3d4h5m6s7ms8us9ns`, `-2d`. */
export function durationText(d: Duration): string {
  const negative = d.months < 0n || d.days < 0n || d.nanos < 0n;
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  let out = negative ? '-' : '';
  const months = abs(d.months);
  if (months >= 12n) out += `${months / 12n}y`;
  if (months % 12n) out += `${months % 12n}mo`;
  if (d.days) out += `${abs(d.days)}d`;
  let nanos = abs(d.nanos);
  for (const [unit, size] of Object.entries(NS_PER)) {
    if (nanos >= size) out += `${nanos / size}${unit}`;
    nanos %= size;
  }
  return out === '' || out === '-' ? '0s' : out;
}

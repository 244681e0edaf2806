// Frames a hostile or broken client could send the browser-mode host, as fast-check generators: mutations of valid
// requests, random JSON and text, binary frames, deep nesting, huge strings, prototype-pollution keys, wrong types and
// unknown methods. Used by webHost.fuzz.test.ts; every one of them must be answered as data.
import fc from 'fast-check';

/** One frame to send: text, or bytes sent as a binary frame. */
export type FuzzFrame = { text: string } | { binary: Uint8Array };

/**
 * Requests the fuzzer may send valid: they read state and change nothing, so a valid one among the random frames
 * never saves settings or starts a producer against the host under test.
 */
export const SAFE_REQUESTS: readonly { channel: string; payload?: unknown }[] = [
  { channel: 'pipeline:status' },
  { channel: 'app:info' },
  { channel: 'pipeline:metricsHistory' },
  { channel: 'pipeline:recentUsers' },
  { channel: 'errors:list' },
  { channel: 'errors:list', payload: { limit: 5 } },
  { channel: 'errors:list', payload: { reason: 'not_json', limit: 1 } },
  { channel: 'logs:recent' },
  { channel: 'producer:status' },
];

/** Names that are not methods of the contract but look like one, or like something an object inherits. */
export const UNKNOWN_METHODS = [
  'fs:read',
  'pipeline:nope',
  'PIPELINE:STATUS',
  'pipeline:status ',
  'pipeline',
  ':',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'pipeline:__proto__',
  '__proto__:status',
  'settings:save:x',
  'app:info\u0000',
];

/** Keys a careless merge turns into prototype pollution. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Placeholder replaced in the JSON text: an object literal cannot hold an own `__proto__` key. */
const MARK = '\u0001key\u0001';
const withKey = (text: string, key: string) => text.split(JSON.stringify(MARK)).join(JSON.stringify(key));

const safeRequest = fc.constantFrom(...SAFE_REQUESTS);
const anyId = fc.oneof(
  { arbitrary: fc.nat({ max: 1_000_000 }), weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
  { arbitrary: fc.constantFrom(-1, 1.5, 2 ** 60, '7', null, true, [], {}), weight: 2 },
);
const smallJson = fc.jsonValue({ maxDepth: 4 });
const nest = (depth: number, inner: string) => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestObjects = (depth: number, inner: string) => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

/** A valid safe request with a fresh id. */
const validFrame = fc
  .tuple(fc.nat({ max: 1_000_000 }), safeRequest)
  .map(([id, r]) => ({ text: JSON.stringify({ id, ...r }) }));

/** A valid request changed in one structural way: wrong types, missing or extra keys, odd methods or payloads. */
const objectMutation: fc.Arbitrary<FuzzFrame> = fc
  .tuple(
    fc.nat({ max: 1_000_000 }),
    safeRequest,
    fc.nat({ max: 9 }),
    anyId,
    smallJson,
    fc.constantFrom(...UNKNOWN_METHODS),
    fc.constantFrom(...POLLUTING_KEYS),
    fc.integer({ min: 33, max: 3000 }),
  )
  .map(([id, request, kind, otherId, json, unknown, key, depth]) => {
    const base: Record<string, unknown> = { id, ...request };
    switch (kind) {
      case 0:
        return { text: JSON.stringify({ ...base, id: otherId }) };
      case 1:
        return { text: JSON.stringify({ channel: request.channel, payload: request.payload }) };
      case 2:
        return { text: JSON.stringify({ id, payload: json }) };
      case 3:
        return { text: JSON.stringify({ ...base, extra: json }) };
      case 4:
        return { text: JSON.stringify({ ...base, channel: unknown }) };
      case 5:
        return { text: JSON.stringify({ ...base, channel: json }) };
      case 6:
        return { text: JSON.stringify({ ...base, payload: json }) };
      case 7:
        // A polluting key in the payload, or deeper in it, or in the envelope itself.
        return {
          text: withKey(
            JSON.stringify(
              id % 3 === 0
                ? { ...base, [MARK]: json }
                : { ...base, payload: id % 3 === 1 ? { [MARK]: json } : { kafka: { [MARK]: { prototype: json } } } },
            ),
            key,
          ),
        };
      case 8:
        return { text: `{"id":${id},"channel":"settings:save","payload":${nest(depth, '1')}}` };
      default:
        return { text: JSON.stringify(json) };
    }
  });

/** A valid request's JSON text damaged: cut, a character added, changed or removed, doubled, garbage around it. */
const textMutation: fc.Arbitrary<FuzzFrame> = fc
  .tuple(validFrame, fc.nat(), fc.nat({ max: 6 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }))
  .map(([{ text }, at, kind, junk]) => {
    const i = at % (text.length + 1);
    switch (kind) {
      case 0:
        return { text: text.slice(0, i) };
      case 1:
        return { text: text.slice(0, i) + junk + text.slice(i) };
      case 2:
        return { text: text.slice(0, i) + junk + text.slice(i + 1) };
      case 3:
        return { text: text.slice(0, i) + text.slice(i + 1) };
      case 4:
        return { text: text + text };
      case 5:
        return { text: `${junk}${text}${junk}` };
      default:
        return { text: text.replace(/"(id|channel|payload)"/, (m) => m.toUpperCase()) };
    }
  });

/** Random JSON with a known method and an id: wrong payload types for every method (never a valid mutating call). */
const wrongPayload: fc.Arbitrary<FuzzFrame> = fc
  .tuple(
    fc.nat({ max: 1_000_000 }),
    fc.constantFrom(
      'settings:save',
      'settings:testKafka',
      'settings:testCassandra',
      'producer:start',
      'errors:replay',
      'pipeline:resetOffsets',
      'pipeline:start',
      'pipeline:stop',
      'users:page',
    ),
    fc.oneof(fc.integer(), fc.string(), fc.array(smallJson, { maxLength: 4 }), fc.constant(null), fc.boolean()),
  )
  .map(([id, channel, payload]) => ({ text: JSON.stringify({ id, channel, payload }) }));

const deepFrame: fc.Arbitrary<FuzzFrame> = fc
  .tuple(fc.integer({ min: 33, max: 5000 }), fc.boolean(), fc.nat({ max: 1000 }))
  .map(([depth, objects, id]) => ({
    text: objects
      ? `{"id":${id},"channel":"errors:list","payload":${nestObjects(depth, '1')}}`
      : nest(depth, `{"id":${id}}`),
  }));

const hugeStringFrame: fc.Arbitrary<FuzzFrame> = fc
  .tuple(fc.integer({ min: 100_000, max: 2_000_000 }), fc.nat({ max: 2 }), fc.nat({ max: 1000 }))
  .map(([length, where, id]) => {
    const huge = 'x'.repeat(length);
    const frames = [
      { id, channel: 'users:byEmail', payload: { email: huge } },
      { id, channel: huge },
      { id, channel: 'errors:list', payload: { reason: huge } },
    ];
    return { text: JSON.stringify(frames[where]) };
  });

const binaryFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((binary) => ({ binary })),
  validFrame.map(({ text }) => ({ binary: new TextEncoder().encode(text) })),
);

/**
 * Every kind of frame, weighted so most are near misses of a valid request (where parsers break) and a few are
 * expensive (deep, huge). A frame larger than the socket's limit is not among them: it closes its socket, so the fuzz
 * test sends those on sockets of their own.
 */
export const fuzzFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { arbitrary: validFrame, weight: 80 },
  { arbitrary: objectMutation, weight: 300 },
  { arbitrary: textMutation, weight: 200 },
  { arbitrary: wrongPayload, weight: 100 },
  { arbitrary: smallJson.map((json) => ({ text: JSON.stringify(json) })), weight: 120 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })), weight: 60 },
  { arbitrary: binaryFrame, weight: 50 },
  { arbitrary: deepFrame, weight: 10 },
  { arbitrary: hugeStringFrame, weight: 1 },
);

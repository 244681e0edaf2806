// Frames known to have broken a host, or shaped to: each with the answer the host must give. The first two took the
// whole `userstream web` process down before frames were validated (issue 13).
import type { FuzzFrame } from './fuzzFrames';

/** A frame and the answer it must get: to its id (`id`) or as an `{ error }` frame (`id: null`). */
export interface KnownBadFrame {
  name: string;
  frame: FuzzFrame;
  id: number | null;
  code: string;
}

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Every shape here is answered as data and leaves the host up. */
export const KNOWN_BAD_FRAMES: readonly KnownBadFrame[] = [
  { name: 'null (a TypeError reading .id crashed the host)', frame: { text: 'null' }, id: null, code: 'bad_envelope' },
  {
    name: 'a payload too deep for structured clone (an unhandled rejection crashed the host)',
    frame: { text: `{"id":901,"channel":"settings:save","payload":${deep(100_000)}}` },
    id: 901,
    code: 'too_deep',
  },
  {
    name: 'a million levels of nesting, no id',
    frame: { text: deep(1_000_000) },
    id: null,
    code: 'too_deep',
  },
  { name: 'a number', frame: { text: '42' }, id: null, code: 'bad_envelope' },
  { name: 'a string', frame: { text: '"pipeline:status"' }, id: null, code: 'bad_envelope' },
  { name: 'true', frame: { text: 'true' }, id: null, code: 'bad_envelope' },
  { name: 'an array envelope', frame: { text: '[902,"app:info"]' }, id: null, code: 'bad_envelope' },
  { name: 'empty text', frame: { text: '' }, id: null, code: 'not_json' },
  { name: 'not JSON', frame: { text: '{id: 1}' }, id: null, code: 'not_json' },
  {
    name: 'a binary frame',
    frame: { binary: new TextEncoder().encode('{"id":903,"channel":"app:info"}') },
    id: null,
    code: 'binary_frame',
  },
  { name: 'no channel', frame: { text: '{"id":904}' }, id: 904, code: 'bad_envelope' },
  { name: 'a numeric channel', frame: { text: '{"id":905,"channel":7}' }, id: 905, code: 'bad_envelope' },
  { name: 'a string id', frame: { text: '{"id":"906","channel":"app:info"}' }, id: null, code: 'bad_envelope' },
  {
    name: 'an id past 2^53',
    frame: { text: '{"id":9007199254740993,"channel":"app:info"}' },
    id: null,
    code: 'bad_envelope',
  },
  {
    name: 'an unknown method',
    frame: { text: '{"id":907,"channel":"fs:read","payload":"/etc/passwd"}' },
    id: 907,
    code: 'unknown_channel',
  },
  {
    name: 'an inherited name',
    frame: { text: '{"id":908,"channel":"constructor"}' },
    id: 908,
    code: 'unknown_channel',
  },
  {
    name: 'a method without its domain',
    frame: { text: '{"id":909,"channel":"status"}' },
    id: 909,
    code: 'unknown_channel',
  },
  {
    name: '__proto__ in settings',
    frame: { text: '{"id":910,"channel":"settings:save","payload":{"__proto__":{"devstack":{"enabled":true}}}}' },
    id: 910,
    code: 'forbidden_key',
  },
  {
    name: 'constructor.prototype in settings',
    frame: {
      text: '{"id":911,"channel":"settings:testKafka","payload":{"constructor":{"prototype":{"isAdmin":true}}}}',
    },
    id: 911,
    code: 'forbidden_key',
  },
  {
    name: '__proto__ in the envelope',
    frame: { text: '{"id":912,"channel":"app:info","__proto__":{"x":1}}' },
    id: 912,
    code: 'forbidden_key',
  },
  {
    name: 'settings as an array',
    frame: { text: '{"id":913,"channel":"settings:save","payload":[1,2]}' },
    id: 913,
    code: 'invalid_request',
  },
  {
    name: 'settings as null',
    frame: { text: '{"id":914,"channel":"settings:save","payload":null}' },
    id: 914,
    code: 'invalid_request',
  },
  {
    name: 'a payload on a query',
    frame: { text: '{"id":915,"channel":"pipeline:stop","payload":{}}' },
    id: 915,
    code: 'invalid_request',
  },
  {
    name: 'a page size as text',
    frame: { text: '{"id":916,"channel":"users:page","payload":{"pageSize":"10","pageState":null}}' },
    id: 916,
    code: 'invalid_request',
  },
  {
    name: 'a producer at Infinity',
    frame: { text: '{"id":917,"channel":"producer:start","payload":{"ratePerSecond":1e999,"badRatio":0}}' },
    id: 917,
    code: 'invalid_request',
  },
  {
    name: 'a reset to a negative time',
    frame: { text: '{"id":918,"channel":"pipeline:resetOffsets","payload":{"to":{"timestamp":-1}}}' },
    id: 918,
    code: 'invalid_request',
  },
  {
    name: '200k values',
    frame: {
      text: JSON.stringify({ id: 919, channel: 'settings:save', payload: { brokers: new Array(200_000).fill('a') } }),
    },
    id: 919,
    code: 'too_large',
  },
  {
    name: 'an extra envelope key',
    frame: { text: '{"id":920,"channel":"app:info","as":"admin"}' },
    id: 920,
    code: 'bad_envelope',
  },
  {
    name: 'a 7 MiB email',
    frame: {
      text: JSON.stringify({ id: 921, channel: 'users:byEmail', payload: { email: 'x'.repeat(7 * 1024 * 1024) } }),
    },
    id: 921,
    code: 'invalid_request',
  },
  {
    name: 'a lone surrogate in a method',
    frame: { text: '{"id":922,"channel":"app:\\ud800info"}' },
    id: 922,
    code: 'unknown_channel',
  },
];

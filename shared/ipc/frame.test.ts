import { describe, expect, it } from 'vitest';
import { checkPayloadShape, createDispatcher, readRequestFrame, type Handlers } from './index';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('readRequestFrame', () => {
  it('passes a well-formed request of a known method with a valid payload', () => {
    expect(readRequestFrame('{"id":1,"channel":"pipeline:status"}')).toEqual({
      ok: true,
      request: { id: 1, channel: 'pipeline:status' },
    });
    expect(readRequestFrame('{"id":2,"channel":"users:page","payload":{"pageSize":5,"pageState":null}}')).toMatchObject(
      { ok: true, request: { id: 2, payload: { pageSize: 5 } } },
    );
  });

  it.each([
    ['not JSON', '{"id":1,', null, 'not_json'],
    ['null', 'null', null, 'bad_envelope'],
    ['a number', '42', null, 'bad_envelope'],
    ['a string', '"pipeline:status"', null, 'bad_envelope'],
    ['an array', '[1,"pipeline:status"]', null, 'bad_envelope'],
    ['no id', '{"channel":"pipeline:status"}', null, 'bad_envelope'],
    ['a string id', '{"id":"1","channel":"pipeline:status"}', null, 'bad_envelope'],
    ['a fractional id', '{"id":1.5,"channel":"pipeline:status"}', null, 'bad_envelope'],
    ['a negative id', '{"id":-1,"channel":"pipeline:status"}', null, 'bad_envelope'],
    ['a channel that is not a string', '{"id":3,"channel":{"x":1}}', 3, 'bad_envelope'],
    ['an extra key', '{"id":4,"channel":"pipeline:status","sneaky":1}', 4, 'bad_envelope'],
    ['an unknown method', '{"id":5,"channel":"fs:read","payload":"/etc/passwd"}', 5, 'unknown_channel'],
    ['an inherited name as method', '{"id":6,"channel":"toString"}', 6, 'unknown_channel'],
    [
      'a payload the schema refuses',
      '{"id":7,"channel":"users:page","payload":{"pageSize":"ten"}}',
      7,
      'invalid_request',
    ],
    ['a payload on a query', '{"id":8,"channel":"pipeline:start","payload":null}', 8, 'invalid_request'],
    [
      '__proto__ in a payload',
      '{"id":9,"channel":"settings:save","payload":{"__proto__":{"polluted":1}}}',
      9,
      'forbidden_key',
    ],
    [
      'constructor.prototype in a payload',
      '{"id":10,"channel":"settings:save","payload":{"kafka":{"constructor":{"prototype":{"x":1}}}}}',
      10,
      'forbidden_key',
    ],
    ['__proto__ in the envelope', '{"id":11,"channel":"app:info","__proto__":{}}', 11, 'forbidden_key'],
  ])('answers %s as data naming the fault', (_name, text, id, code) => {
    const checked = readRequestFrame(text);
    expect(checked).toMatchObject({ ok: false, id, error: { code, retriable: false } });
    expect(!checked.ok && checked.error.message.length).toBeGreaterThan(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting beyond the limit without recursing (a million levels)', () => {
    const deep = `{"id":12,"channel":"settings:save","payload":${'['.repeat(1e6)}${']'.repeat(1e6)}}`;
    expect(readRequestFrame(deep)).toMatchObject({ ok: false, id: 12, error: { code: 'too_deep' } });
    expect(readRequestFrame(`${'['.repeat(1e5)}${']'.repeat(1e5)}`)).toMatchObject({
      ok: false,
      id: null,
      error: { code: 'too_deep' },
    });
  });

  it('refuses more values than the limit', () => {
    const wide = JSON.stringify({ id: 13, channel: 'settings:save', payload: { list: new Array(200_000).fill(0) } });
    expect(readRequestFrame(wide)).toMatchObject({ ok: false, id: 13, error: { code: 'too_large' } });
  });
});

describe('checkPayloadShape', () => {
  it('accepts plain JSON data and refuses what structured clone or JSON would not carry', () => {
    expect(checkPayloadShape({ a: [1, 'x', null, true, { b: undefined }] })).toBeNull();
    expect(checkPayloadShape(nested(32))).toBeNull();
    expect(checkPayloadShape(nested(33))).toMatchObject({ code: 'too_deep' });
    expect(checkPayloadShape({ f: () => 1 })).toMatchObject({ code: 'invalid_request', message: /f is a function/ });
    expect(checkPayloadShape({ n: 10n })).toMatchObject({ code: 'invalid_request' });
    expect(checkPayloadShape({ d: new Date() })).toMatchObject({ message: /d is not a plain object/ });
    expect(checkPayloadShape({ n: Number.NaN })).toMatchObject({ code: 'invalid_request' });
  });
});

describe('createDispatcher (the core side checks again)', () => {
  it('answers a payload too deep to copy as data, before any schema sees it', async () => {
    const dispatch = createDispatcher({
      settings: { save: async () => ({ ok: true, value: 1 }) },
    } as unknown as Handlers);
    // The settings schema measures its input with JSON.stringify, which throws RangeError on this.
    expect(await dispatch('settings:save', { x: nested(200_000) })).toMatchObject({
      ok: false,
      error: { code: 'too_deep' },
    });
    expect(await dispatch('settings:save', JSON.parse('{"__proto__":{"polluted":1}}'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden_key' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { decodeUserEvent } from './decodeUserEvent';
import { deriveUserId, userIdName } from './userId';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const decodeJson = (value: unknown, options?: { maxBytes?: number }) =>
  decodeUserEvent(bytes(JSON.stringify(value)), options);
const user = {
  first_name: 'Jennie',
  last_name: 'Nichols',
  dob: '1992-03-08T15:13:16.688Z',
  gender: 'female',
  address: '8929 Valwood Pkwy, Billings, Michigan, United States',
  postal_code: '63104',
  username: 'yellowpeacock117',
  email: 'jennie.nichols@example.com',
  phone: '(272) 790-0888',
  registered_date: '2007-07-09T05:51:59.390Z',
  picture: 'https://randomuser.me/api/portraits/med/women/75.jpg',
};

function rowOf(value: unknown) {
  const result = decodeJson(value);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}
function problemsOf(value: unknown, options?: { maxBytes?: number }) {
  const result =
    typeof value === 'object' && value instanceof Uint8Array
      ? decodeUserEvent(value, options)
      : decodeJson(value, options);
  if (result.ok) throw new Error('accepted');
  return result.problems.map((p) => `${p.code} ${p.field}: ${p.message}`);
}

describe('decodeUserEvent: ids', () => {
  it('derives one id for whitespace and case variants of username and email', () => {
    const id = rowOf(user).row.id;
    expect(rowOf({ ...user, username: '  YellowPeacock117 ', email: 'Jennie.Nichols@EXAMPLE.com\t' }).row.id).toBe(id);
    expect(rowOf({ ...user, first_name: 'Other' }).row.id).toBe(id);
    expect(rowOf({ ...user, email: 'other@example.com' }).row.id).not.toBe(id);
  });

  it('builds the v5 name as "username\\nemail", either side possibly empty', () => {
    expect(userIdName(' Ab ', 'C@D ')).toBe('ab\nc@d');
    // The documented examples (docs/decoder.md), also computed with Python's uuid.uuid5.
    expect(deriveUserId('yellowpeacock117', 'jennie.nichols@example.com')).toBe('e39ebeae-9e2e-544d-9eb1-cbcdec892800');
    expect(deriveUserId(null, 'jennie.nichols@example.com')).toBe('4efcf831-e67b-5631-8563-76a836d0ecfd');
    const onlyEmail = rowOf({ ...user, username: null });
    expect(onlyEmail.row.id).toBe(deriveUserId('', user.email));
    expect(onlyEmail.row.username).toBeNull();
    const onlyUsername = rowOf({ ...user, email: undefined });
    expect(onlyUsername.row.id).toBe(deriveUserId(user.username, ''));
    expect(onlyUsername.row.email).toBeNull();
  });

  it('treats id null like a missing id, and lower-cases a given id', () => {
    expect(rowOf({ ...user, id: null })).toMatchObject({ derivedId: true, row: { id: rowOf(user).row.id } });
    const given = rowOf({ ...user, id: 'B0BA09DE-E248-4D58-84D3-1B9B1D3EA853' });
    expect(given).toMatchObject({ derivedId: false, row: { id: 'b0ba09de-e248-4d58-84d3-1b9b1d3ea853' } });
  });

  it('never replaces an id that is present but not a UUID', () => {
    expect(problemsOf({ ...user, id: '' })).toEqual([
      'invalid_uuid id: "" is not a UUID (expected 8-4-4-4-12 hex digits)',
    ]);
    expect(problemsOf({ ...user, id: ' b0ba09de-e248-4d58-84d3-1b9b1d3ea853' })[0]).toMatch(/^invalid_uuid id/);
    expect(problemsOf({ ...user, id: 12345 })).toEqual(['wrong_type id: expected a UUID string, got number']);
  });

  it('rejects a message with no id and blank username and email: no stable identity', () => {
    const expected = ['no_identity value: no stable identity (no id, username or email)'];
    expect(problemsOf({ ...user, username: '  ', email: '' })).toEqual(expected);
    expect(problemsOf({ first_name: 'A' })).toEqual(expected);
    expect(problemsOf({})).toEqual(expected);
    expect(rowOf({ id: 'b0ba09de-e248-4d58-84d3-1b9b1d3ea853' }).row.first_name).toBeNull();
  });
});

describe('decodeUserEvent: columns', () => {
  it('turns JSON numbers in text columns into their text', () => {
    const row = rowOf({ ...user, postal_code: 70963, phone: 7707093091, first_name: 1.5, last_name: -0 }).row;
    expect(row).toMatchObject({ postal_code: '70963', phone: '7707093091', first_name: '1.5', last_name: '0' });
    expect(problemsOf({ ...user, postal_code: 12345678901234567890 })).toEqual([
      'wrong_type postal_code: number 12345678901234567000 cannot be kept exactly as text; send it as a JSON string',
    ]);
    expect(problemsOf(bytes(JSON.stringify(user).replace('"63104"', '1e999')))[0]).toMatch(
      /^wrong_type postal_code: number Infinity/,
    );
  });

  it('keeps null and missing columns as null and empty strings as empty strings', () => {
    const { first_name, ...rest } = user;
    expect(first_name).toBe('Jennie');
    const row = rowOf({ ...rest, last_name: null, gender: '' }).row;
    expect(row).toMatchObject({ first_name: null, last_name: null, gender: '' });
  });

  it('reads post_code only when postal_code is absent or null, and notes an ignored post_code', () => {
    expect(rowOf({ ...user, postal_code: undefined, post_code: 'SW1A 1AA' }).row.postal_code).toBe('SW1A 1AA');
    expect(rowOf({ ...user, postal_code: null, post_code: 12 }).row.postal_code).toBe('12');
    const both = rowOf({ ...user, post_code: '99999' });
    expect(both.row.postal_code).toBe('63104');
    expect(both.warnings).toEqual([
      { field: 'post_code', code: 'post_code_ignored', message: 'ignored because postal_code is also present' },
    ]);
    expect(problemsOf({ ...user, postal_code: undefined, post_code: [1] })).toEqual([
      'wrong_type post_code: expected string or number, got array',
    ]);
  });

  it('ignores unknown keys and says which', () => {
    const result = rowOf({ ...user, nat: 'US', login: { uuid: 'x' }, a: 1, b: 2, c: 3, d: 4 });
    expect(result.row).toEqual(rowOf(user).row);
    expect(result.warnings).toEqual([
      {
        field: 'value',
        code: 'unknown_keys',
        message: 'ignored 6 unknown keys: "nat", "login", "a", "b", "c" and 1 more',
      },
    ]);
    expect(rowOf({ ...user, __proto__x: 1 }).warnings?.[0]?.message).toBe('ignored 1 unknown key: "__proto__x"');
    const proto = decodeUserEvent(bytes(JSON.stringify(user).replace('{', '{"__proto__": {"id": "x"}, ')));
    expect(proto).toMatchObject({ ok: true, derivedId: true, warnings: [{ code: 'unknown_keys' }] });
  });

  it('limits text to 1,000 characters (picture 2,048) and rejects unpaired surrogates', () => {
    expect(rowOf({ ...user, address: 'a'.repeat(1000), picture: 'p'.repeat(2048) }).row.address).toHaveLength(1000);
    expect(problemsOf({ ...user, address: 'a'.repeat(1001), picture: 'p'.repeat(2049) })).toEqual([
      'too_long address: is 1,001 characters long, over the 1,000-character limit',
      'too_long picture: is 2,049 characters long, over the 2,048-character limit',
    ]);
    expect(problemsOf(bytes(JSON.stringify(user).replace('Jennie"', 'Jennie\\ud800"')))).toEqual([
      'not_utf8 first_name: contains an unpaired UTF-16 surrogate (a lone \\ud800-\\udfff escape), which is not valid Unicode text',
    ]);
    expect(rowOf({ ...user, first_name: 'G\u{1D11E}' }).row.first_name).toBe('G\u{1D11E}');
  });

  it('reports every problem of a message, not just the first', () => {
    expect(
      problemsOf({ ...user, id: 'nope', first_name: {}, gender: false, email: ['x'], picture: 'p'.repeat(3000) }),
    ).toEqual([
      'invalid_uuid id: "nope" is not a UUID (expected 8-4-4-4-12 hex digits)',
      'wrong_type first_name: expected string or number, got object',
      'wrong_type gender: expected string or number, got boolean',
      'wrong_type email: expected string or number, got array',
      'too_long picture: is 3,000 characters long, over the 2,048-character limit',
    ]);
  });
});

describe('decodeUserEvent: the value as a whole', () => {
  it('rejects empty, oversized, non-UTF-8, non-JSON and non-object values', () => {
    expect(problemsOf(new Uint8Array(0))).toEqual(['empty value: is empty (the record has no value)']);
    expect(decodeUserEvent(null)).toEqual({
      ok: false,
      problems: [{ field: 'value', code: 'empty', message: 'is empty (the record has no value)' }],
    });
    expect(problemsOf(new Uint8Array(1024 * 1024 + 1))).toEqual([
      'too_large value: is 1,048,577 bytes, over the 1,048,576-byte limit',
    ]);
    expect(problemsOf(user, { maxBytes: 100 })[0]).toMatch(
      /^too_large value: is \d{3} bytes, over the 100-byte limit$/,
    );
    expect(problemsOf(Uint8Array.of(0x7b, 0xff, 0x7d))).toEqual(['not_utf8 value: is not valid UTF-8 text']);
    expect(problemsOf(bytes('{"a":'))[0]).toMatch(/^not_json value: is not valid JSON \(/);
    expect(problemsOf(bytes('42'))).toEqual(['not_object value: is a JSON number, not an object']);
  });

  it('accepts a UTF-8 byte order mark and surrounding whitespace', () => {
    const text = JSON.stringify(user);
    expect(decodeUserEvent(Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes(` ${text}\n`))).ok).toBe(true);
  });

  it('reads a Node Buffer that is a slice of a larger allocation', () => {
    const whole = Buffer.from('xxx' + JSON.stringify(user) + 'yyy');
    expect(decodeUserEvent(whole.subarray(3, whole.length - 3)).ok).toBe(true);
  });

  it('names the option when maxBytes is invalid', () => {
    expect(() => decodeUserEvent(bytes('{}'), { maxBytes: 0 })).toThrow(/^maxBytes must be a positive integer/);
    expect(() => decodeUserEvent(bytes('{}'), { maxBytes: Number.NaN })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './pythonJson';

describe('pythonJsonDumps', () => {
  it('writes what Python json.dumps writes (expected text produced by CPython 3)', () => {
    // python3 -c 'import json;print(json.dumps({"a":"Ümit 𝄞 \x7f\x01\"\\\n","b":[1,None,True]}))'
    expect(pythonJsonDumps({ a: 'Ümit 𝄞 \x7f\x01"\\\n', b: [1, null, true] })).toBe(
      '{"a": "\\u00dcmit \\ud834\\udd1e \\u007f\\u0001\\"\\\\\\n", "b": [1, null, true]}',
    );
  });

  it('keeps key order and parses back to the same value', () => {
    const value = { z: 'Đặng', a: 70963, m: { n: ['Ольга', false] } };
    const text = pythonJsonDumps(value);
    expect(text).toBe(
      '{"z": "\\u0110\\u1eb7ng", "a": 70963, "m": {"n": ["\\u041e\\u043b\\u044c\\u0433\\u0430", false]}}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });
});

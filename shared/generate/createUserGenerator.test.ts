import { describe, expect, it } from 'vitest';
import { USER_TEXT_COLUMNS } from '../user';
import { decodeUserEvent } from '../decode';
import { createUserGenerator } from './createUserGenerator';

const encoder = new TextEncoder();
const decode = (value: string) => decodeUserEvent(encoder.encode(value));
const take = (n: number, options: Parameters<typeof createUserGenerator>[0]) => {
  const generator = createUserGenerator(options);
  return Array.from({ length: n }, () => generator.next());
};
const UPSTREAM_KEYS = [
  'id',
  'first_name',
  'last_name',
  'gender',
  'address',
  'post_code',
  'email',
  'username',
  'dob',
  'registered_date',
  'phone',
  'picture',
];

describe('createUserGenerator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = take(200, { seed: 5, badRatio: 0.1 });
    expect(take(200, { seed: 5, badRatio: 0.1 })).toEqual(a);
    expect(take(200, { seed: 6, badRatio: 0.1 })).not.toEqual(a);
    expect(take(50, { seed: 5, format: 'upstream' })).toEqual(take(50, { seed: 5, format: 'upstream' }));
  });

  it('writes seed-format messages as the seed producer did: 11 keys in order, no id, Python json.dumps text', () => {
    const messages = take(500, { seed: 1 });
    let numericPostcodes = 0;
    let letterPostcodes = 0;
    let escaped = 0;
    for (const message of messages) {
      expect(message).toMatchObject({ key: null, bad: false });
      expect(message.value).not.toMatch(/[^\x20-\x7e]/); // ensure_ascii: everything else is a \u escape
      expect(message.value).toMatch(/^\{"first_name": "/); // ", " and ": " separators
      if (message.value.includes('\\u')) escaped++;
      const fields = JSON.parse(message.value) as Record<string, unknown>;
      expect(Object.keys(fields)).toEqual([...USER_TEXT_COLUMNS]);
      expect(fields.dob).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(fields.registered_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(fields.gender === 'male' || fields.gender === 'female').toBe(true);
      expect(fields.picture).toMatch(/^https:\/\/randomuser\.me\/api\/portraits\/med\/(men|women)\/\d{1,2}\.jpg$/);
      expect(fields.address).toMatch(/^\d+ [^,]+, [^,]+, [^,]+, [^,]+$/);
      expect(fields.email).toMatch(/^[a-z0-9.-]+@example\.com$/);
      expect(fields.username).toMatch(/^[a-z]+\d{3}$/);
      if (typeof fields.postal_code === 'number') numericPostcodes++;
      else if (/[A-Za-z]/.test(String(fields.postal_code))) letterPostcodes++;
    }
    expect(numericPostcodes).toBeGreaterThan(50);
    expect(letterPostcodes).toBeGreaterThan(5);
    expect(escaped).toBeGreaterThan(100);
  });

  it('draws names from many locales and scripts', () => {
    const names = take(500, { seed: 2 }).map((m) => (JSON.parse(m.value) as { first_name: string }).first_name);
    const scripts = {
      cyrillic: /\p{Script=Cyrillic}/u,
      japanese: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
      latinDiacritics: /[À-ɏ]/u,
      arabic: /\p{Script=Arabic}/u,
    };
    for (const [script, pattern] of Object.entries(scripts))
      expect(
        names.some((n) => pattern.test(n)),
        script,
      ).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(300);
  });

  it('writes upstream-format messages with a v4 id and post_code', () => {
    for (const message of take(200, { seed: 3, format: 'upstream' })) {
      const fields = JSON.parse(message.value) as Record<string, unknown>;
      expect(Object.keys(fields)).toEqual(UPSTREAM_KEYS);
      expect(fields.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const result = decode(message.value);
      expect(result).toMatchObject({
        ok: true,
        derivedId: false,
        row: { id: fields.id, postal_code: String(fields.post_code) },
      });
    }
  });

  it('makes good messages the decoder accepts, each a distinct user (distinct derived id)', () => {
    const ids = new Set<string>();
    const generator = createUserGenerator({ seed: 4 });
    for (let i = 0; i < 20_000; i++) {
      const result = decode(generator.next().value);
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.warnings).toBeUndefined();
      ids.add(result.row.id);
    }
    expect(ids.size).toBe(20_000);
  });

  it('makes bad messages at the chosen ratio, each rejected for the reason it names', () => {
    const generator = createUserGenerator({ seed: 9, badRatio: 0.25 });
    const codes = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const message = generator.next();
      const result = decode(message.value);
      expect(result.ok, message.value).toBe(!message.bad);
      if (message.bad && !result.ok) {
        expect(result.problems[0]!.code, message.why).toBe(message.code);
        codes.add(message.code!);
      }
    }
    expect(generator.counts.good + generator.counts.bad).toBe(4000);
    expect(generator.counts.bad / 4000).toBeGreaterThan(0.22);
    expect(generator.counts.bad / 4000).toBeLessThan(0.28);
    expect([...codes].sort()).toEqual([
      'empty',
      'invalid_uuid',
      'no_identity',
      'not_json',
      'not_object',
      'too_long',
      'wrong_type',
    ]);
  });

  it('names the option when one is invalid', () => {
    expect(() => createUserGenerator({ badRatio: 2 })).toThrow(/^badRatio must be/);
    expect(() => createUserGenerator({ seed: 1.5 })).toThrow(/^seed must be/);
    expect(() => createUserGenerator({ format: 'csv' as never })).toThrow(/^format must be/);
  });
});

// It never throws, whatever the bytes: arbitrary bytes, arbitrary JSON, and valid messages mutated field by field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USER_COLUMNS } from '../user';
import { pythonJsonDumps, type PythonJsonValue } from '../generate/pythonJson';
import { decodeChecked, type DecodeResult } from './decodeUserEvent';
import { DEFAULT_MAX_BYTES } from './limits';
import { seedLines, upstreamLines } from './fixtures/samples';
import { deriveUserId } from './userId';

const encoder = new TextEncoder();
const PROBLEM_CODES = [
  'empty',
  'too_large',
  'not_utf8',
  'not_json',
  'not_object',
  'wrong_type',
  'too_long',
  'invalid_uuid',
  'no_identity',
];
const RUNS = { numRuns: 1000 };

/** The invariants every result keeps, accepted or not. */
function checkShape(result: DecodeResult): void {
  if (result.ok) {
    expect(Object.keys(result.row)).toEqual([...USER_COLUMNS]);
    expect(result.row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const column of USER_COLUMNS.slice(1)) {
      const value = result.row[column];
      expect(value === null || typeof value === 'string').toBe(true);
    }
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(PROBLEM_CODES).toContain(problem.code);
      expect(problem.message.length).toBeGreaterThan(0);
      expect(problem.message.length).toBeLessThan(300);
    }
  }
}

// decodeChecked has no safety net around it, so a throw anywhere in the decoder fails these tests.
const decode = (value: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult => decodeChecked(value, maxBytes);
const decodeText = (text: string): DecodeResult => decode(encoder.encode(text));

const validMessages = [...seedLines(), ...upstreamLines()].map(
  (line) => JSON.parse(line) as Record<string, PythonJsonValue>,
);
const keys = [...USER_COLUMNS, 'post_code', 'extra'];

describe('decodeUserEvent never throws', () => {
  it('on arbitrary bytes, with any size limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.option(fc.integer({ min: 1, max: 500 })), (value, maxBytes) => {
        checkShape(decode(value, maxBytes ?? undefined));
      }),
      RUNS,
    );
  });

  it('on arbitrary text, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkShape(decodeText(text))),
      RUNS,
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkShape(decodeText(JSON.stringify(value) ?? ''))),
      RUNS,
    );
  });

  it('on valid messages with fields replaced by arbitrary JSON values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...validMessages),
        fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.boolean(),
        (message, changes, pythonStyle) => {
          const mutated = { ...message, ...(changes as Record<string, PythonJsonValue>) };
          checkShape(decodeText(pythonStyle ? pythonJsonDumps(mutated) : JSON.stringify(mutated)));
        },
      ),
      RUNS,
    );
  });

  it('on valid messages with bytes flipped, cut or inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...validMessages),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')), {
          maxLength: 5,
        }),
        (message, edits) => {
          let bytes = Array.from(encoder.encode(JSON.stringify(message)));
          for (const [at, byte, kind] of edits) {
            const i = at % (bytes.length + 1);
            if (kind === 'flip') bytes[i] = byte;
            else if (kind === 'cut') bytes = bytes.slice(0, i);
            else bytes.splice(i, 0, byte);
          }
          checkShape(decode(Uint8Array.from(bytes)));
        },
      ),
      RUNS,
    );
  });
});

describe('decodeUserEvent keeps what it is given', () => {
  it('round-trips any text in any column, sent raw or as Python \\u escapes', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 80 });
    fc.assert(
      fc.property(
        fc.constantFrom(...validMessages.slice(0, 5)),
        fc.constantFrom(...USER_COLUMNS.slice(1)),
        text,
        fc.boolean(),
        (message, column, value, pythonStyle) => {
          const mutated = { ...message, [column]: value };
          const result = decodeText(pythonStyle ? pythonJsonDumps(mutated) : JSON.stringify(mutated));
          const identityBlank = (mutated.username as string).trim() === '' && (mutated.email as string).trim() === '';
          if (identityBlank) return;
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(result.row[column]).toBe(value);
            expect(result.row.id).toBe(deriveUserId(mutated.username as string, mutated.email as string));
          }
        },
      ),
      RUNS,
    );
  });

  it('maps whitespace and case variants of username and email to one id', () => {
    const pad = fc.stringMatching(/^[ \t\n\r]{0,3}$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...validMessages.slice(0, 5)),
        pad,
        pad,
        fc.boolean(),
        (message, before, after, upper) => {
          const vary = (s: string): string => before + (upper ? s.toUpperCase() : s) + after;
          const base = decodeText(JSON.stringify(message));
          const variant = decodeText(
            JSON.stringify({
              ...message,
              username: vary(message.username as string),
              email: vary(message.email as string),
            }),
          );
          expect(base.ok && variant.ok && variant.row.id === base.row.id).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

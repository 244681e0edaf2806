// One text column from a parsed JSON value: the seed's table stores every column but `id` as text, and its producer
// sends some of them (postal_code) as JSON numbers, so numbers are accepted and kept as their decimal text.
import type { Problem } from '../problem';
import { groupDigits, jsonTypeName } from './describe';

/** A text column's value, or `undefined` when the value was rejected (the problem is pushed to `problems`). */
export type TextValue = string | null | undefined;

type WellFormedString = string & { isWellFormed?: () => boolean };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const hasIsWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';

/** False when the text holds an unpaired surrogate (a `\ud800` escape alone), which UTF-8 cannot store. */
export function isWellFormedText(text: string): boolean {
  return hasIsWellFormed ? (text as WellFormedString).isWellFormed!() : !LONE_SURROGATE.test(text);
}

/** Text form of a JSON number, or `undefined` when it cannot be kept exactly (beyond ±2^53 or not finite). */
export function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return undefined;
  // Integers print as their digits (70963 → "70963"); fractions as JavaScript's shortest round-trip form (1.5 → "1.5").
  return String(n);
}

/** Reads `raw` (the parsed JSON value of key `field`) as column text; null/absent → null. */
export function readText(raw: unknown, field: string, maxChars: number, problems: Problem[]): TextValue {
  if (raw === undefined || raw === null) return null;
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else if (typeof raw === 'number') {
    const converted = numberText(raw);
    if (converted === undefined) {
      problems.push({
        field,
        code: 'wrong_type',
        message: `number ${String(raw)} cannot be kept exactly as text; send it as a JSON string`,
      });
      return undefined;
    }
    text = converted;
  } else {
    problems.push({ field, code: 'wrong_type', message: `expected string or number, got ${jsonTypeName(raw)}` });
    return undefined;
  }
  if (text.length > maxChars) {
    problems.push({
      field,
      code: 'too_long',
      message: `is ${groupDigits(text.length)} characters long, over the ${groupDigits(maxChars)}-character limit`,
    });
    return undefined;
  }
  if (!isWellFormedText(text)) {
    problems.push({
      field,
      code: 'not_utf8',
      message: 'contains an unpaired UTF-16 surrogate (a lone \\ud800-\\udfff escape), which is not valid Unicode text',
    });
    return undefined;
  }
  return text;
}

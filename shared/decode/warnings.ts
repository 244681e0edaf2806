// Things a message got away with: it was accepted, but the producer may want to know.

/** Why an accepted message still deserves a note. */
export type DecodeWarningCode = 'unknown_keys' | 'post_code_ignored';

/** A note about an accepted message, same shape as a Problem: `post_code: ignored because postal_code is also present`. */
export interface DecodeWarning {
  field: string;
  code: DecodeWarningCode;
  message: string;
}

/** Every key the decoder reads: `id`, the eleven text columns, and the upstream spelling `post_code`. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'id',
  'first_name',
  'last_name',
  'dob',
  'gender',
  'address',
  'postal_code',
  'post_code',
  'username',
  'email',
  'phone',
  'registered_date',
  'picture',
]);

const NAMES_SHOWN = 5;
const NAME_MAX = 40;

/** One warning listing (some of) the keys the table has no column for, or undefined when there are none. */
export function unknownKeysWarning(obj: Record<string, unknown>): DecodeWarning | undefined {
  let count = 0;
  const shown: string[] = [];
  for (const key of Object.keys(obj)) {
    if (KNOWN_KEYS.has(key)) continue;
    count++;
    if (shown.length < NAMES_SHOWN) shown.push(key.length > NAME_MAX ? key.slice(0, NAME_MAX) + '…' : key);
  }
  if (count === 0) return undefined;
  const more = count > shown.length ? ` and ${count - shown.length} more` : '';
  return {
    field: 'value',
    code: 'unknown_keys',
    message: `ignored ${count} unknown key${count === 1 ? '' : 's'}: ${shown.map((k) => JSON.stringify(k)).join(', ')}${more}`,
  };
}

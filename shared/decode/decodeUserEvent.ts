// One Kafka record value → one `created_users` row, or every problem a person needs to fix the message.
// Hand-written checks rather than a schema library: this runs once per consumed record (≥ 200k/s target, bench/).
import type { Problem } from '../problem';
import type { UserRow } from '../user';
import { groupDigits, jsonTypeName, quote } from './describe';
import { COLUMN_MAX_CHARS, DEFAULT_MAX_BYTES } from './limits';
import { readText } from './textField';
import { deriveUserId, normalizeIdentity } from './userId';
import { isUuid } from './uuid';
import { unknownKeysWarning, type DecodeWarning } from './warnings';

/** Options for one decode; `maxBytes` (default 1 MiB) bounds the record value. */
export interface DecodeOptions {
  maxBytes?: number;
}

/** A decoded row (`derivedId` says the id was derived from username + email), or the message's problems. */
export type DecodeResult =
  { ok: true; row: UserRow; derivedId: boolean; warnings?: DecodeWarning[] } | { ok: false; problems: Problem[] };

// Every key the decoder reads; anything else is ignored and reported once as a warning.
const KNOWN_KEY_COUNT = 13; // id, 11 columns, post_code

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Checks a `maxBytes` option; throws a RangeError naming it (options are the caller's code, not message bytes). */
export function checkMaxBytes(maxBytes: unknown): number {
  if (maxBytes === undefined) return DEFAULT_MAX_BYTES;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`maxBytes must be a positive integer number of bytes, got ${String(maxBytes)}`);
  }
  return maxBytes;
}

/**
 * Decodes one `users_created` record value. Never throws for any value (only for invalid options); a rejected message
 * comes back with all of its problems, not just the first.
 */
export function decodeUserEvent(value: Uint8Array | null | undefined, options?: DecodeOptions): DecodeResult {
  const maxBytes = options === undefined ? DEFAULT_MAX_BYTES : checkMaxBytes(options.maxBytes);
  try {
    return decodeChecked(value, maxBytes);
  } catch (error) {
    // Unreachable by design (property tests feed arbitrary bytes); kept so a bug can never stop the pipeline.
    return reject('value', 'not_json', `could not be decoded (${String(error).slice(0, 200)})`);
  }
}

/** Decodes with an already checked `maxBytes`; the pipeline's hot path. */
export function decodeChecked(value: Uint8Array | null | undefined, maxBytes: number): DecodeResult {
  if (value == null || value.length === 0) return reject('value', 'empty', 'is empty (the record has no value)');
  if (value.length > maxBytes) {
    return reject(
      'value',
      'too_large',
      `is ${groupDigits(value.length)} bytes, over the ${groupDigits(maxBytes)}-byte limit`,
    );
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return reject('value', 'not_utf8', 'is not valid UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 160) : 'parse error';
    return reject('value', 'not_json', `is not valid JSON (${reason})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return reject('value', 'not_object', `is a JSON ${jsonTypeName(parsed)}, not an object`);
  }
  return decodeObject(parsed as Record<string, unknown>);
}

function decodeObject(obj: Record<string, unknown>): DecodeResult {
  const problems: Problem[] = [];
  const rawId = obj.id;
  const rawPostal = obj.postal_code;
  const rawPost = obj.post_code;
  const L = COLUMN_MAX_CHARS;

  let id: string | undefined;
  if (rawId !== undefined && rawId !== null) {
    if (typeof rawId !== 'string') {
      problems.push({ field: 'id', code: 'wrong_type', message: `expected a UUID string, got ${jsonTypeName(rawId)}` });
    } else if (!isUuid(rawId)) {
      problems.push({
        field: 'id',
        code: 'invalid_uuid',
        message: `${quote(rawId)} is not a UUID (expected 8-4-4-4-12 hex digits)`,
      });
    } else {
      id = rawId.toLowerCase();
    }
  }

  const first_name = readText(obj.first_name, 'first_name', L.first_name, problems);
  const last_name = readText(obj.last_name, 'last_name', L.last_name, problems);
  const dob = readText(obj.dob, 'dob', L.dob, problems);
  const gender = readText(obj.gender, 'gender', L.gender, problems);
  const address = readText(obj.address, 'address', L.address, problems);
  // `postal_code` (the seed) wins; `post_code` (the upstream tutorial) is read only when postal_code is absent or null.
  const postalGiven = rawPostal !== undefined && rawPostal !== null;
  const postal_code = postalGiven
    ? readText(rawPostal, 'postal_code', L.postal_code, problems)
    : readText(rawPost, 'post_code', L.postal_code, problems);
  const username = readText(obj.username, 'username', L.username, problems);
  const email = readText(obj.email, 'email', L.email, problems);
  const phone = readText(obj.phone, 'phone', L.phone, problems);
  const registered_date = readText(obj.registered_date, 'registered_date', L.registered_date, problems);
  const picture = readText(obj.picture, 'picture', L.picture, problems);

  const idGiven = rawId !== undefined && rawId !== null;
  if (!idGiven && username !== undefined && email !== undefined) {
    if (normalizeIdentity(username) === '' && normalizeIdentity(email) === '') {
      problems.push({ field: 'value', code: 'no_identity', message: 'no stable identity (no id, username or email)' });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const derivedId = id === undefined;
  const row: UserRow = {
    id: id ?? deriveUserId(username, email),
    first_name: first_name!,
    last_name: last_name!,
    dob: dob!,
    gender: gender!,
    address: address!,
    postal_code: postal_code!,
    username: username!,
    email: email!,
    phone: phone!,
    registered_date: registered_date!,
    picture: picture!,
  };

  let keyCount = 0;
  for (const _ in obj) keyCount++;
  const postCodeIgnored = postalGiven && rawPost !== undefined && rawPost !== null;
  if (keyCount <= KNOWN_KEY_COUNT && !postCodeIgnored) {
    // Fast path: no more keys than the known ones; still check none of them is unknown.
    if (keyCount <= countKnown(obj)) return { ok: true, row, derivedId };
  }
  const warnings: DecodeWarning[] = [];
  const unknown = unknownKeysWarning(obj);
  if (unknown) warnings.push(unknown);
  if (postCodeIgnored) {
    warnings.push({
      field: 'post_code',
      code: 'post_code_ignored',
      message: 'ignored because postal_code is also present',
    });
  }
  return warnings.length > 0 ? { ok: true, row, derivedId, warnings } : { ok: true, row, derivedId };
}

function countKnown(obj: Record<string, unknown>): number {
  let n = 0;
  if (obj.id !== undefined) n++;
  if (obj.first_name !== undefined) n++;
  if (obj.last_name !== undefined) n++;
  if (obj.dob !== undefined) n++;
  if (obj.gender !== undefined) n++;
  if (obj.address !== undefined) n++;
  if (obj.postal_code !== undefined) n++;
  if (obj.post_code !== undefined) n++;
  if (obj.username !== undefined) n++;
  if (obj.email !== undefined) n++;
  if (obj.phone !== undefined) n++;
  if (obj.registered_date !== undefined) n++;
  if (obj.picture !== undefined) n++;
  return n;
}

function reject(field: string, code: Problem['code'], message: string): DecodeResult {
  return { ok: false, problems: [{ field, code, message }] };
}

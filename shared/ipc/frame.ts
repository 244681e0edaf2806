import { METHOD_CHANNELS, validateRequest } from './channels';
import type { IpcError } from './types';
import type { WireRequest } from './wire';

/** How deep and how large a request may be; the contract's biggest payload (settings) is 5 levels and ~100 values. */
export const FRAME_LIMITS = { maxDepth: 32, maxValues: 100_000 } as const;

/**
 * Keys no request has a use for and that a careless merge turns into prototype pollution (`target[key] = …` with
 * `__proto__`, or `target.constructor.prototype`), so they are refused wherever they appear.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const fail = (code: string, message: string): IpcError => ({ code, message, retriable: false });

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Checks that `value` is plain JSON data within the limits: null, booleans, finite numbers, strings, arrays and plain
 * objects only, at most `maxDepth` deep and `maxValues` values in all, no forbidden keys. Walks with an explicit stack
 * (never recursion) and stops at the first fault, so a hostile value costs at most `maxValues` steps. Such data always
 * survives JSON and structured clone. Returns null when it passes, else the error naming what was wrong and where.
 */
export function checkPayloadShape(value: unknown, limits: typeof FRAME_LIMITS = FRAME_LIMITS): IpcError | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  // Counted when pushed, so the stack itself never holds more than maxValues entries.
  let counted = 1;
  const tooMany = (where: string) =>
    fail('too_large', `request has more than ${limits.maxValues} values (at ${where})`);
  while (stack.length > 0) {
    const item = stack.pop()!;
    const where = item.path === '' ? 'the payload' : item.path;
    const v = item.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || v === undefined) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return fail('invalid_request', `${where} is not a finite number`);
      continue;
    }
    if (typeof v !== 'object') return fail('invalid_request', `${where} is a ${typeof v}, not JSON data`);
    if (item.depth >= limits.maxDepth)
      return fail('too_deep', `request nests deeper than ${limits.maxDepth} levels (at ${where})`);
    if (Array.isArray(v)) {
      if ((counted += v.length) > limits.maxValues) return tooMany(where);
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth: item.depth + 1, path: `${item.path}[${i}]` });
      continue;
    }
    if (!isPlainObject(v)) return fail('invalid_request', `${where} is not a plain object`);
    const keys = Object.keys(v);
    if ((counted += keys.length) > limits.maxValues) return tooMany(where);
    for (const key of keys) {
      const path = item.path === '' ? key.slice(0, 64) : `${item.path}.${key.slice(0, 64)}`;
      if (FORBIDDEN_KEYS.has(key)) return fail('forbidden_key', `key "${key}" is not accepted (at ${path})`);
      stack.push({ value: (v as Record<string, unknown>)[key], depth: item.depth + 1, path });
    }
  }
  return null;
}

/** `validateRequest`, with a throwing schema (a bug) turned into data like every other fault. */
export function validateSafely(channel: string, payload: unknown): ReturnType<typeof validateRequest> {
  try {
    return validateRequest(channel, payload);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: fail('invalid_request', `${channel}: the payload could not be checked (${detail})`) };
  }
}

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['id', 'channel', 'payload']);

/** An id we can answer to: what `createWsTransport` sends (a safe non-negative integer). */
const usableId = (id: unknown): number | null =>
  typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/** Whether JSON text opens more than `maxDepth` levels inside its outermost value (strings skipped); one linear pass. */
function textNestsDeeper(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > maxDepth + 1) return true;
    } else if (CLOSE.has(c)) depth--;
  }
  return false;
}

/** The id of a frame too deep to parse, when it comes first (as `createWsTransport` writes it); else null. */
const leadingId = (text: string): number | null => {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  return match ? usableId(Number(match[1])) : null;
};

/** The outcome of reading one frame: a request fit for the core, or an error to answer with (to `id` when known). */
export type FrameCheck = { ok: true; request: WireRequest } | { ok: false; id: number | null; error: IpcError };

/**
 * Reads one text frame from a client: JSON, then shape and size (`checkPayloadShape`), then the envelope
 * `{ id, channel, payload? }`, then a channel the contract has, then the payload against that channel's schema.
 * Never throws; every fault comes back as data naming what was wrong.
 */
export function readRequestFrame(text: string): FrameCheck {
  // Building a million nested arrays costs JSON.parse seconds of the host's event loop: refuse them from the text.
  if (textNestsDeeper(text, FRAME_LIMITS.maxDepth))
    return {
      ok: false,
      id: leadingId(text),
      error: fail('too_deep', `request nests deeper than ${FRAME_LIMITS.maxDepth} levels`),
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, id: null, error: fail('not_json', `frame is not JSON: ${detail.slice(0, 200)}`) };
  }
  const shape = checkPayloadShape(parsed);
  const id =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? usableId((parsed as { id?: unknown }).id)
      : null;
  if (shape) return { ok: false, id, error: shape };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return { ok: false, id: null, error: fail('bad_envelope', `frame is ${kind}, expected { id, channel, payload }`) };
  }
  const envelope = parsed as Record<string, unknown>;
  const extra = Object.keys(envelope).find((key) => !ENVELOPE_KEYS.has(key));
  if (extra !== undefined)
    return { ok: false, id, error: fail('bad_envelope', `frame has an unexpected key "${extra.slice(0, 64)}"`) };
  if (id === null)
    return { ok: false, id, error: fail('bad_envelope', 'frame id must be a non-negative whole number') };
  const { channel, payload } = envelope;
  if (typeof channel !== 'string')
    return { ok: false, id, error: fail('bad_envelope', `frame channel must be a string, got ${typeof channel}`) };
  if (!METHOD_CHANNELS.has(channel))
    return { ok: false, id, error: fail('unknown_channel', `no such request: ${channel.slice(0, 64)}`) };
  const valid = validateSafely(channel, payload);
  if (!valid.ok) return { ok: false, id, error: valid.error };
  return { ok: true, request: payload === undefined ? { id, channel } : { id, channel, payload } };
}

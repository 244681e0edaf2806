import { ERROR_VALUE_MAX_BYTES, type RawValue } from '../../shared/errorRecord';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Keeps up to 64 KiB of a rejected value: as text when it is UTF-8, else base64. */
export function toRawValue(bytes: Buffer | null): RawValue | null {
  if (bytes === null) return null;
  const truncated = bytes.length > ERROR_VALUE_MAX_BYTES;
  const kept = truncated ? bytes.subarray(0, ERROR_VALUE_MAX_BYTES) : bytes;
  try {
    return { encoding: 'utf8', text: utf8.decode(kept), bytes: bytes.length, truncated };
  } catch {
    return { encoding: 'base64', text: kept.toString('base64'), bytes: bytes.length, truncated };
  }
}

/** A record key as text (base64 when not UTF-8), or null. */
export function keyText(key: Buffer | null): string | null {
  if (key === null) return null;
  try {
    return utf8.decode(key);
  } catch {
    return key.toString('base64');
  }
}

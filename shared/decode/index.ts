// The users_created domain model: record value → created_users row, with deterministic ids. See docs/decoder.md.
export {
  decodeUserEvent,
  decodeChecked,
  checkMaxBytes,
  type DecodeOptions,
  type DecodeResult,
} from './decodeUserEvent';
export { DEFAULT_MAX_BYTES, COLUMN_MAX_CHARS } from './limits';
export { KNOWN_KEYS, type DecodeWarning, type DecodeWarningCode } from './warnings';
export { USERSTREAM_ID_NAMESPACE, deriveUserId, userIdName, normalizeIdentity } from './userId';
export { isUuid, uuidV5, uuidToBytes, bytesToUuid } from './uuid';
export { sha1 } from './sha1';
export { numberText } from './textField';

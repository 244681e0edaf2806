// Deterministic ids for messages without one (the seed's producer never sends `id`), so a re-sent or replayed user
// always lands on the same row. The recipe is documented in docs/decoder.md so other tools can reproduce ids.
import { uuidToBytes, uuidV5 } from './uuid';

/** The project's fixed UUID v5 namespace for derived user ids. Never change it: every derived id depends on it. */
export const USERSTREAM_ID_NAMESPACE = '1c2809e5-7c17-448a-b61d-e514bf837c64';

const namespaceBytes = uuidToBytes(USERSTREAM_ID_NAMESPACE);

/** Identity text as it enters the id: trimmed (String.prototype.trim) and lower-cased (String.prototype.toLowerCase). */
export function normalizeIdentity(text: string | null | undefined): string {
  return text == null ? '' : text.trim().toLowerCase();
}

/** The exact v5 name: normalized username, a line feed, normalized email (either may be empty). */
export function userIdName(username: string | null | undefined, email: string | null | undefined): string {
  return normalizeIdentity(username) + '\n' + normalizeIdentity(email);
}

/** The id a message without `id` gets: UUID v5 of `userIdName(username, email)` under USERSTREAM_ID_NAMESPACE. */
export function deriveUserId(username: string | null | undefined, email: string | null | undefined): string {
  return uuidV5(namespaceBytes, userIdName(username, email));
}

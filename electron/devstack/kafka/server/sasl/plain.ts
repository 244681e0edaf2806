// SASL PLAIN (RFC 4616): one message "authzid NUL authcid NUL password", checked against the configured users.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The user name on success, or why it failed: `message` goes to the client (Kafka's wording), `reason` to the log. */
export type PlainResult = { ok: true; user: string } | { ok: false; message: string; reason: string };

const INVALID = 'Authentication failed: Invalid username or password';

// Comparing digests keeps the comparison constant-time whatever the two passwords' lengths.
const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function verifyPlain(token: Buffer, users: Readonly<Record<string, string>>): PlainResult {
  const parts = token.toString('utf8').split('\0');
  if (parts.length !== 3) return { ok: false, message: INVALID, reason: 'malformed PLAIN message' };
  const [authzid, user, password] = parts as [string, string, string];
  if (user === '') return { ok: false, message: 'Authentication failed: username not specified', reason: 'no user' };
  if (password === '')
    return { ok: false, message: 'Authentication failed: password not specified', reason: 'no password' };
  const expected = Object.hasOwn(users, user) ? users[user] : undefined;
  if (expected === undefined || !sameSecret(password, expected))
    return {
      ok: false,
      message: INVALID,
      reason: expected === undefined ? `unknown user "${user}"` : 'wrong password',
    };
  if (authzid !== '' && authzid !== user)
    return {
      ok: false,
      message: 'Authentication failed: Client requested an authorization id that is different from username',
      reason: `authzid "${authzid}" is not the user`,
    };
  return { ok: true, user };
}

// SASL PLAIN (RFC 4616) as PasswordAuthenticator reads it: [authzid] NUL authcid NUL passwd.

export function decodeSaslPlain(token: Buffer): { username: string; password: string } | null {
  const last = token.lastIndexOf(0);
  if (last < 0) return null;
  const before = last > 0 ? token.lastIndexOf(0, last - 1) : -1;
  const username = token.toString('utf8', before + 1, last);
  const password = token.toString('utf8', last + 1);
  if (username === '' || password === '') return null;
  return { username, password };
}

// The embedded servers' `tls` option, checked up front: a secure context is built from it once, so a bad PEM or a key
// that does not match the certificate fails at start naming the option, not at the first client's handshake.
import { createSecureContext } from 'node:tls';

/** PEM text of a private key and its certificate (chain) for a TLS listener. */
export interface TlsKeyPair {
  key: string | Buffer;
  cert: string | Buffer;
}

/** Validates `tls` for `factory` (the name errors start with); undefined = plaintext. */
export function resolveTlsOption(factory: string, value: unknown): TlsKeyPair | undefined {
  if (value === undefined) return undefined;
  const fail = (what: string): never => {
    throw new TypeError(`${factory}: option "tls" ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('must be an object { key, cert } of PEM text');
  const pem = (name: 'key' | 'cert'): string | Buffer => {
    const v = (value as Record<string, unknown>)[name];
    if ((typeof v !== 'string' && !Buffer.isBuffer(v)) || v.length === 0)
      return fail(`needs "${name}": PEM text as a string or Buffer`);
    return v;
  };
  const pair = { key: pem('key'), cert: pem('cert') };
  try {
    createSecureContext(pair);
  } catch (error) {
    fail(`has no usable PEM key and certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return pair;
}

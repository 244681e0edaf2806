// SCRAM-SHA-256 / SCRAM-SHA-512 server side (RFC 5802, RFC 7677): the credential a broker keeps instead of the
// password, and one exchange client-first → server-first → client-final → server-final. The broker never stores or
// compares passwords for SCRAM: it keeps StoredKey and ServerKey, as Kafka does, and checks the client's proof.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The SCRAM mechanisms the broker speaks, with their hash. */
export const scramHashes = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' } as const;
export type ScramMechanism = keyof typeof scramHashes;

/** Kafka's minimum and default for SCRAM credentials. */
export const SCRAM_ITERATIONS = 4096;

/** What the server stores per user and mechanism (RFC 5802 §3). */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

type Hash = (typeof scramHashes)[ScramMechanism];

const hmac = (hash: Hash, key: Buffer, data: string): Buffer => createHmac(hash, key).update(data).digest();
const digest = (hash: Hash, data: Buffer): Buffer => createHash(hash).update(data).digest();

/** Derives the stored credential from a password (a fresh random salt unless one is given). */
export function scramCredential(
  mechanism: ScramMechanism,
  password: string,
  salt: Buffer = randomBytes(16),
  iterations = SCRAM_ITERATIONS,
): ScramCredential {
  const hash = scramHashes[mechanism];
  const length = hash === 'sha256' ? 32 : 64;
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, length, hash);
  return {
    salt,
    iterations,
    storedKey: digest(hash, hmac(hash, salted, 'Client Key')),
    serverKey: hmac(hash, salted, 'Server Key'),
  };
}

/** One step's result: the bytes to send back, or why authentication failed (the message is logged, not sent). */
export type ScramStep = { ok: true; reply: string; user: string } | { ok: false; reason: string };

/** Splits `a=1,b=2` into attributes; values may themselves contain `=` (base64). */
function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(',')) {
    if (part.length < 2 || part[1] !== '=') continue;
    map.set(part[0] as string, part.slice(2));
  }
  return map;
}

/** RFC 5802 §5.1: "," and "=" in a user name arrive as "=2C" and "=3D"; any other "=" is malformed. */
function decodeSaslName(name: string): string | undefined {
  if (/=(?!2C|3D)/.test(name)) return undefined;
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

export interface ScramExchange {
  /** client-first-message → server-first-message. */
  first(message: string): ScramStep;
  /** client-final-message → server-final-message (`v=` signature) once the proof checks out. */
  final(message: string): ScramStep;
}

/**
 * One server-side exchange. `lookup` finds a user's credential; `serverNonce` is only given by tests (RFC 7677's
 * vector fixes it); otherwise it is 24 random bytes.
 */
export function createScramExchange(
  mechanism: ScramMechanism,
  lookup: (user: string) => ScramCredential | undefined,
  serverNonce: string = randomBytes(24).toString('base64'),
): ScramExchange {
  const hash = scramHashes[mechanism];
  let state:
    | { step: 'first' }
    | { step: 'final'; user: string; credential: ScramCredential; gs2: string; nonce: string; authPrefix: string }
    | { step: 'done' } = { step: 'first' };

  return {
    first(message) {
      if (state.step !== 'first') return { ok: false, reason: 'client-first message out of order' };
      state = { step: 'done' };
      // gs2-header: "n,," (no channel binding) or "y,," (client could bind, thinks we cannot); "p=" asks for binding.
      const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
      if (!match) return { ok: false, reason: 'malformed client-first message (or channel binding requested)' };
      const bare = match[3] as string;
      const attrs = attributes(bare);
      const user = decodeSaslName(attrs.get('n') ?? '');
      const clientNonce = attrs.get('r') ?? '';
      if (bare.startsWith('m=')) return { ok: false, reason: 'mandatory SCRAM extension not supported' };
      if (!user || !clientNonce) return { ok: false, reason: 'client-first message lacks n= or r=' };
      const credential = lookup(user);
      // Like Kafka, an unknown user fails here; the client only sees the generic message either way.
      if (!credential) return { ok: false, reason: `unknown user "${user}"` };
      const nonce = clientNonce + serverNonce;
      const reply = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
      const gs2 = message.slice(0, message.length - bare.length);
      state = { step: 'final', user, credential, gs2, nonce, authPrefix: `${bare},${reply}` };
      return { ok: true, reply, user };
    },

    final(message) {
      if (state.step !== 'final') return { ok: false, reason: 'client-final message out of order' };
      const { user, credential, gs2, nonce, authPrefix } = state;
      state = { step: 'done' };
      const proofAt = message.lastIndexOf(',p=');
      if (proofAt < 0) return { ok: false, reason: 'client-final message lacks p=' };
      const withoutProof = message.slice(0, proofAt);
      const attrs = attributes(withoutProof);
      if (attrs.get('c') !== Buffer.from(gs2, 'utf8').toString('base64'))
        return { ok: false, reason: 'channel binding (c=) does not match the client-first gs2 header' };
      // RFC 5802 wants r= to equal the combined nonce; librdkafka 2.0 sends the client nonce once more in front of it,
      // and Kafka accepts that by checking only that r= ends with it. Do the same, or kcat cannot log in.
      if (!(attrs.get('r') ?? '').endsWith(nonce))
        return { ok: false, reason: 'nonce in client-final message does not match the server-first one' };
      const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
      const authMessage = `${authPrefix},${withoutProof}`;
      const clientSignature = hmac(hash, credential.storedKey, authMessage);
      if (proof.length !== clientSignature.length) return { ok: false, reason: 'client proof has the wrong length' };
      // ClientKey = ClientProof XOR ClientSignature; the proof is right when H(ClientKey) is the stored key.
      const clientKey = Buffer.alloc(proof.length);
      for (let i = 0; i < proof.length; i++) clientKey[i] = (proof[i] as number) ^ (clientSignature[i] as number);
      if (!timingSafeEqual(digest(hash, clientKey), credential.storedKey))
        return { ok: false, reason: 'wrong password (client proof does not verify)' };
      const serverSignature = hmac(hash, credential.serverKey, authMessage);
      return { ok: true, reply: `v=${serverSignature.toString('base64')}`, user };
    },
  };
}

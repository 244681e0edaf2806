// Per-connection SASL state machine, following Kafka's SaslServerAuthenticator: ApiVersions and SaslHandshake are the
// only requests before a mechanism is chosen; after a v1 handshake the exchange runs in SaslAuthenticate requests,
// after a v0 handshake in bare size-prefixed tokens. A failure is answered (where Kafka answers) and then closes the
// connection; the connection (server/connection.ts) does the I/O, this file only decides.
import type { Logger } from '../../../../../shared/logger';
import type { KafkaMessage } from '../../apis/types';
import { ErrorCode } from '../../protocol/errorCodes';
import { verifyPlain } from './plain';
import { createScramExchange, scramCredential, type ScramCredential, type ScramExchange } from './scram';

/** Mechanisms the broker can offer. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The broker's SASL settings once validated (see options.ts). */
export interface SaslConfig {
  users: Readonly<Record<string, string>>;
  mechanisms: readonly SaslMechanism[];
  /** Passwords for one SCRAM mechanism only, over `users` (Kafka keeps SCRAM credentials per mechanism). */
  scramUsers?: Partial<Record<ScramMechanism, Readonly<Record<string, string>>>>;
}

/** The SCRAM mechanisms, which may have credentials of their own. */
export type ScramMechanism = Exclude<SaslMechanism, 'PLAIN'>;

export const SASL_HANDSHAKE = 17;
export const SASL_AUTHENTICATE = 36;

/** Advertised in ApiVersions only when SASL is on: exactly the versions this file answers. */
export const saslApiVersions = [
  { apiKey: SASL_HANDSHAKE, minVersion: 0, maxVersion: 1 },
  { apiKey: SASL_AUTHENTICATE, minVersion: 0, maxVersion: 2 },
] as const;

/** A response body for the request being answered, and whether the connection ends after it is written. */
export interface SaslAnswer {
  response: KafkaMessage;
  close: boolean;
}

export interface SaslSession {
  readonly authenticated: boolean;
  /** True after a v0 handshake: the next frame is a bare SASL token, not a Kafka request. */
  readonly expectsRawToken: boolean;
  handshake(version: number, request: KafkaMessage): SaslAnswer;
  authenticate(request: KafkaMessage): SaslAnswer;
  /** A bare token (v0 flow): the bytes to send back size-prefixed, if any, and whether to close. */
  rawToken(token: Buffer): { reply: Buffer | undefined; close: boolean };
}

type Step = { ok: true; reply: Buffer; complete: boolean } | { ok: false; message: string; reason: string };

/**
 * Derives the SCRAM credentials once (PBKDF2 is deliberately slow) and returns a factory of per-connection sessions.
 * Passwords are kept only for PLAIN, which by definition receives them.
 */
export function createSaslSessions(config: SaslConfig): (log: Logger) => SaslSession {
  const credentials = new Map<string, ScramCredential>();
  for (const mechanism of config.mechanisms) {
    if (mechanism === 'PLAIN') continue;
    for (const [user, password] of Object.entries({ ...config.users, ...config.scramUsers?.[mechanism] }))
      credentials.set(`${mechanism}\0${user}`, scramCredential(mechanism, password));
  }
  const enabled = [...config.mechanisms];
  return (log) => saslSession(config, enabled, (mechanism, user) => credentials.get(`${mechanism}\0${user}`), log);
}

function saslSession(
  config: SaslConfig,
  enabled: SaslMechanism[],
  lookup: (mechanism: SaslMechanism, user: string) => ScramCredential | undefined,
  log: Logger,
): SaslSession {
  let state: 'handshake' | 'authenticate' | 'raw' | 'done' | 'failed' = 'handshake';
  let mechanism: SaslMechanism = 'PLAIN';
  let scram: ScramExchange | undefined;
  let scramStep = 0;

  const step = (token: Buffer): Step => {
    if (mechanism === 'PLAIN') {
      const result = verifyPlain(token, config.users);
      return result.ok ? { ok: true, reply: Buffer.alloc(0), complete: true } : result;
    }
    const exchange = (scram ??= createScramExchange(mechanism, (user) => lookup(mechanism, user)));
    const result = scramStep++ === 0 ? exchange.first(token.toString('utf8')) : exchange.final(token.toString('utf8'));
    if (!result.ok)
      return {
        ok: false,
        // Kafka's wording for every SCRAM failure, so the reply never tells whether the user exists.
        message: `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
        reason: result.reason,
      };
    return { ok: true, reply: Buffer.from(result.reply, 'utf8'), complete: scramStep === 2 };
  };

  const finish = (result: Step): void => {
    if (!result.ok) {
      state = 'failed';
      log.warn({ mechanism, reason: result.reason }, 'kafka broker: SASL authentication failed');
    } else if (result.complete) {
      state = 'done';
      log.debug({ mechanism }, 'kafka broker: SASL authentication succeeded');
    }
  };

  const illegal = (message: string, close: boolean): SaslAnswer => {
    if (close) state = 'failed';
    return { response: { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: message, mechanisms: enabled }, close };
  };

  return {
    get authenticated() {
      return state === 'done';
    },
    get expectsRawToken() {
      return state === 'raw';
    },

    handshake(version, request) {
      // After success Kafka's request handler answers a stray handshake with ILLEGAL_SASL_STATE and carries on.
      if (state === 'done') return illegal('SaslHandshake after successful authentication', false);
      if (state !== 'handshake') return illegal('Unexpected SaslHandshake during SASL authentication', true);
      const wanted = String(request.mechanism);
      const chosen = enabled.find((m) => m === wanted);
      if (chosen === undefined) {
        state = 'failed';
        log.warn({ mechanism: wanted, enabled }, 'kafka broker: unsupported SASL mechanism');
        return { response: { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled }, close: true };
      }
      mechanism = chosen;
      state = version >= 1 ? 'authenticate' : 'raw';
      return { response: { errorCode: ErrorCode.NONE, mechanisms: enabled }, close: false };
    },

    authenticate(request) {
      if (state === 'done') return illegal('SaslAuthenticate request received after successful authentication', false);
      if (state !== 'authenticate') return illegal('Unexpected SaslAuthenticate before SaslHandshake v1', true);
      const result = step(request.authBytes instanceof Buffer ? request.authBytes : Buffer.alloc(0));
      finish(result);
      if (!result.ok)
        return {
          response: { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: result.message },
          close: true,
        };
      // Session lifetime 0 = no re-authentication required (KIP-368).
      return { response: { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: result.reply }, close: false };
    },

    rawToken(token) {
      if (state !== 'raw') return { reply: undefined, close: true };
      const result = step(token);
      finish(result);
      // The v0 flow has no error frame: Kafka just closes on a failure.
      return result.ok ? { reply: result.reply, close: false } : { reply: undefined, close: true };
    },
  };
}

/** True when `name` is a mechanism this broker implements. */
export function isSaslMechanism(name: unknown): name is SaslMechanism {
  return typeof name === 'string' && (SASL_MECHANISMS as readonly string[]).includes(name);
}

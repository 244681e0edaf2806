// What each request opcode does, given the connection's state. Returns the response frame; throws CqlDecodeError for
// a body that does not fit its message (the connection then ends) and nothing else on purpose.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Logger } from '../../../shared/logger';
import type { CqlEngine, CqlError, EngineResult, ExecuteOptions, ExecutionResult } from './engine/types';
import { CqlErrorCode } from './engine/types';
import type { BodyReader } from './protocol/bodyReader';
import { COMPRESSIONS, type Compression } from './protocol/compression';
import { FrameFlag, Opcode, PASSWORD_AUTHENTICATOR, requestNames } from './protocol/constants';
import type { RawFrame } from './protocol/frameSplitter';
import { readBatch, readExecute, readPrepare, readQuery, type QueryParameters } from './protocol/requests';
import {
  encodeAuthenticate,
  encodeAuthSuccess,
  encodeError,
  encodePrepared,
  encodeReady,
  encodeResult,
  encodeSupported,
  withWarnings,
} from './protocol/responses';
import { authStatementResult, deniedQuery, followSchema } from './auth/gate';
import type { RoleStore } from './auth/roleStore';
import { decodeSaslPlain } from './saslPlain';
import { traced, TRACEABLE } from './tracedRequest';
import type { TraceStore } from './views/traces';

/** Per-connection state the handlers read and change. */
export interface RequestContext {
  state: 'new' | 'authenticating' | 'ready';
  /** The keyspace set by USE on this connection. */
  keyspace: string | null;
  /** Request-body compression agreed in STARTUP; responses are never compressed (spec section 5 allows it). */
  compression: Compression | null;
  engine: CqlEngine;
  credentials: { username: string; password: string } | null;
  supported: ReadonlyMap<string, string[]>;
  /** Adds event types for this connection; returns an error message for an unknown type. */
  registerEvents(types: string[]): string | null;
  log: Logger;
  /** The client's address (trace sessions, system_views.clients). */
  client: string;
  /** STARTUP's options (driver name and version for system_views.clients). */
  startupOptions: ReadonlyMap<string, string>;
  /** The role this connection logged in as; null without authentication. */
  username: string | null;
  /** Requests answered on this connection. */
  requests: number;
  traces: TraceStore;
  /** Prepared id (hex) → its query, server-wide: trace parameters and permission checks of EXECUTE. */
  preparedQueries: PreparedQueries;
  /** Roles and permissions with --cql-auth; null when authentication is off. */
  roles: RoleStore | null;
}

/** A bounded map of prepared ids to their query text, oldest dropped first. */
export class PreparedQueries {
  private readonly map = new Map<string, string>();
  constructor(private readonly limit = 10_000) {}
  get(idHex: string): string | undefined {
    return this.map.get(idHex);
  }
  set(idHex: string, query: string): void {
    if (this.map.has(idHex)) return;
    this.map.set(idHex, query);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
  }
}

const protocolError = (message: string): CqlError => ({ code: CqlErrorCode.protocolError, message });

function executeOptions(ctx: RequestContext, p: QueryParameters): ExecuteOptions {
  return {
    sessionKeyspace: p.keyspace ?? ctx.keyspace,
    consistency: p.consistency,
    serialConsistency: p.serialConsistency,
    pageSize: p.pageSize,
    pagingState: p.pagingState,
    defaultTimestamp: p.defaultTimestamp,
    skipMetadata: p.skipMetadata,
  };
}

function answer(
  ctx: RequestContext,
  version: number,
  stream: number,
  result: EngineResult<ExecutionResult>,
  skipMetadata: boolean,
  consistency: number,
  clientMetadataId: Buffer | null = null,
): Buffer {
  if (!result.ok) return encodeError(version, stream, result.error, consistency);
  const value = result.value;
  if (value.kind === 'setKeyspace') ctx.keyspace = value.keyspace;
  const frame = encodeResult(version, stream, value, skipMetadata, clientMetadataId);
  return value.warnings === undefined ? frame : withWarnings(frame, version, value.warnings);
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Answers one request frame. EXECUTE on a ready connection, nearly every request under load, takes a path without an
 * async function: an async function's frame holds every local of the whole function below, and allocating it per
 * request was the largest share of the server's garbage (about a kilobyte per INSERT).
 */
export function handleRequest(ctx: RequestContext, version: number, frame: RawFrame, r: BodyReader): Promise<Buffer> {
  ctx.requests++;
  if (
    frame.opcode === Opcode.execute &&
    ctx.state === 'ready' &&
    (frame.flags & (FrameFlag.customPayload | FrameFlag.tracing)) === 0
  )
    return executePrepared(ctx, version, frame.stream, r);
  if (frame.flags & FrameFlag.tracing && ctx.state === 'ready' && TRACEABLE.has(frame.opcode))
    return traced(ctx, frame, r, () => handleAny(ctx, version, frame, r));
  return handleAny(ctx, version, frame, r);
}

function executePrepared(ctx: RequestContext, version: number, stream: number, r: BodyReader): Promise<Buffer> {
  const { id, resultMetadataId, params } = readExecute(r, version);
  if (ctx.roles !== null && ctx.username !== null) {
    const query = ctx.preparedQueries.get(id.toString('hex'));
    const denied =
      query === undefined ? null : deniedQuery(ctx.roles, ctx.username, query, params.keyspace ?? ctx.keyspace);
    if (denied !== null) return Promise.resolve(encodeError(version, stream, denied));
  }
  return ctx.engine
    .execute(id, params.values, executeOptions(ctx, params))
    .then((result) => answer(ctx, version, stream, result, params.skipMetadata, params.consistency, resultMetadataId));
}

async function handleAny(ctx: RequestContext, version: number, frame: RawFrame, r: BodyReader): Promise<Buffer> {
  const { stream, opcode } = frame;
  if (opcode === Opcode.options) return encodeSupported(version, stream, ctx.supported);
  if (opcode === Opcode.startup) {
    if (ctx.state !== 'new')
      return encodeError(
        version,
        stream,
        protocolError('Unexpected message STARTUP, the connection is already initialized'),
      );
    const options = r.stringMap();
    ctx.startupOptions = options;
    if (!options.has('CQL_VERSION'))
      return encodeError(version, stream, protocolError('Missing value CQL_VERSION in STARTUP message'));
    const compression = options.get('COMPRESSION')?.toLowerCase() ?? '';
    const agreed = COMPRESSIONS.find((c) => c === compression);
    // v5 compresses segments, not envelopes, and only with lz4 (spec 2.3.2).
    if (agreed === 'snappy' && version >= 5)
      return encodeError(
        version,
        stream,
        protocolError(`Unsupported compression algorithm for protocol v${version}: ${compression} (only lz4)`),
      );
    if (agreed) ctx.compression = agreed;
    else if (compression !== '' && compression !== 'none')
      return encodeError(version, stream, protocolError(`Unknown compression algorithm: ${compression}`));
    if (ctx.credentials !== null) {
      ctx.state = 'authenticating';
      return encodeAuthenticate(version, stream, PASSWORD_AUTHENTICATOR);
    }
    ctx.state = 'ready';
    return encodeReady(version, stream);
  }
  if (opcode === Opcode.authResponse) {
    if (ctx.state !== 'authenticating' || ctx.credentials === null)
      return encodeError(
        version,
        stream,
        protocolError('Unexpected message AUTH_RESPONSE, no authentication in progress'),
      );
    const token = r.bytes();
    const given = token === null ? null : decodeSaslPlain(token);
    const expected = ctx.credentials;
    if (given === null)
      return encodeError(version, stream, {
        code: CqlErrorCode.badCredentials,
        message: 'Authentication failed: malformed SASL PLAIN token',
      });
    const ok =
      ctx.roles !== null
        ? ctx.roles.authenticate(given.username, given.password)
        : sameSecret(given.username, expected.username) && sameSecret(given.password, expected.password);
    if (!ok) {
      ctx.log.info({ username: given.username }, 'cql server: authentication refused');
      return encodeError(version, stream, {
        code: CqlErrorCode.badCredentials,
        message: `Provided username ${given.username} and/or password are incorrect`,
      });
    }
    ctx.state = 'ready';
    ctx.username = given.username;
    return encodeAuthSuccess(version, stream);
  }
  if (ctx.state !== 'ready') {
    const name = requestNames[opcode] ?? String(opcode);
    const expecting = ctx.state === 'new' ? 'STARTUP or OPTIONS' : 'SASL_RESPONSE';
    return encodeError(version, stream, protocolError(`Unexpected message ${name}, expecting ${expecting}`));
  }
  if (frame.flags & FrameFlag.customPayload && opcode !== Opcode.register) r.skipBytesMap();
  switch (opcode) {
    case Opcode.register: {
      const problem = ctx.registerEvents(r.stringList());
      return problem === null ? encodeReady(version, stream) : encodeError(version, stream, protocolError(problem));
    }
    case Opcode.query: {
      const { query, params } = readQuery(r, version);
      const session = params.keyspace ?? ctx.keyspace;
      const auth = authStatementResult(ctx.roles, ctx.username, ctx.engine, query, session);
      if (auth !== null) return answer(ctx, version, stream, await auth, params.skipMetadata, params.consistency);
      if (ctx.roles !== null && ctx.username !== null) {
        const denied = deniedQuery(ctx.roles, ctx.username, query, session);
        if (denied !== null) return encodeError(version, stream, denied);
      }
      const result = await ctx.engine.query(query, params.values, executeOptions(ctx, params));
      if (result.ok && ctx.roles !== null && ctx.username !== null) followSchema(ctx.roles, ctx.username, result.value);
      return answer(ctx, version, stream, result, params.skipMetadata, params.consistency);
    }
    case Opcode.prepare: {
      const { query, keyspace } = readPrepare(r, version);
      const result = ctx.engine.prepare(query, keyspace ?? ctx.keyspace);
      if (result.ok) ctx.preparedQueries.set(result.value.id.toString('hex'), query);
      return result.ok ? encodePrepared(version, stream, result.value) : encodeError(version, stream, result.error);
    }
    case Opcode.execute:
      return executePrepared(ctx, version, stream, r);
    case Opcode.batch: {
      const batch = readBatch(r, version);
      if (ctx.roles !== null && ctx.username !== null) {
        const session = batch.keyspace ?? ctx.keyspace;
        for (const st of batch.statements) {
          const query = 'query' in st ? st.query : ctx.preparedQueries.get(st.preparedId.toString('hex'));
          const denied = query === undefined ? null : deniedQuery(ctx.roles, ctx.username, query, session);
          if (denied !== null) return encodeError(version, stream, denied);
        }
      }
      const result = await ctx.engine.batch(batch.type, batch.statements, {
        sessionKeyspace: batch.keyspace ?? ctx.keyspace,
        consistency: batch.consistency,
        serialConsistency: batch.serialConsistency,
        pageSize: null,
        pagingState: null,
        defaultTimestamp: batch.defaultTimestamp,
        skipMetadata: false,
      });
      return answer(ctx, version, stream, result, false, batch.consistency);
    }
    default:
      return encodeError(version, stream, protocolError(`Unexpected message ${requestNames[opcode] ?? opcode}`));
  }
}

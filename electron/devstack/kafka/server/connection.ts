// One client connection: frames in, requests decoded and handled strictly one at a time (Kafka's ordering guarantee:
// responses in request order), responses written with vectored writes. Anything malformed closes this connection
// only, with a log line; handler failures likewise. Nothing here throws past the socket callbacks.
import type { Socket } from 'node:net';
import { FrameAssembler, type AssembledFrames } from '../../frameAssembler';
import type { SocketInput } from '../../socketInput';
import type { Logger } from '../../../../shared/logger';
import type { ApiHandler, KafkaMessage } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import { encodeResponseFrame, readRequestBody, readRequestHeader, type RequestHeader } from '../protocol/messages';
import { KafkaDecodeError, Reader } from '../protocol/reader';
import { holdsPooledBuffers, recyclePooledBuffers, takePooledBuffer } from '../storage/bufferPool';
import { kafkaFrameFormat, MIN_REQUEST_BYTES, type KafkaFrameLimits } from './frameReader';
import { SASL_AUTHENTICATE, SASL_HANDSHAKE, saslApiVersions, type SaslSession } from './sasl/session';

const PRODUCE = 0;
const API_VERSIONS = 18;
/** Stop reading from a client that pipelines more than this many requests (or bytes) ahead of us. */
const MAX_QUEUED_FRAMES = 256;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** Kafka's sasl.server.max.receive.size: the largest frame a client may send before it has authenticated. */
const MAX_UNAUTHENTICATED_FRAME_BYTES = 512 * 1024;

export interface ConnectionDeps {
  handlers: ReadonlyMap<number, ApiHandler>;
  /** The ApiVersions list, for the special "version too new" answer. */
  apiVersionsList(): KafkaMessage[];
  maxFrameBytes: number;
  logger: Logger;
  /** When SASL is on: a fresh authentication state for this connection (see sasl/session.ts). */
  saslSession?: (log: Logger) => SaslSession;
  onClosed(connectionId: number): void;
}

export function serveConnection(socket: Socket, input: SocketInput, connectionId: number, deps: ConnectionDeps): void {
  const log = deps.logger.child({ connectionId, remote: `${socket.remoteAddress}:${socket.remotePort}` });
  const clientHost = socket.remoteAddress ?? '';
  // A large Produce frame is read straight into pooled memory (see ../../frameAssembler.ts), returned once the request
  // is handled: fresh memory for every large request costs more in first-touch page faults than the copy itself.
  const limits: KafkaFrameLimits = { minFrameBytes: MIN_REQUEST_BYTES, maxFrameBytes: deps.maxFrameBytes };
  const frames = new FrameAssembler(
    kafkaFrameFormat(limits, (bytes, apiKey) =>
      apiKey === PRODUCE ? takePooledBuffer(bytes) : Buffer.allocUnsafe(bytes),
    ),
  );
  const sasl = deps.saslSession?.(log);
  if (sasl) limits.maxFrameBytes = Math.min(deps.maxFrameBytes, MAX_UNAUTHENTICATED_FRAME_BYTES);
  const queue: Buffer[] = [];
  let queuedBytes = 0;
  let processing = false;
  let closed = false;
  const gone = new AbortController();

  const drop = (reason: string, fields: Record<string, unknown> = {}): void => {
    if (closed) return;
    log.warn({ ...fields, reason }, 'kafka broker: closing connection');
    closed = true;
    socket.destroy();
  };

  const send = (chunks: Buffer[]): void => {
    if (closed || socket.destroyed || chunks.length === 0) return;
    if (chunks.length === 1) {
      socket.write(chunks[0] as Buffer);
      return;
    }
    // Pooled file-read memory (a Fetch on disk) goes back to its pool once the socket no longer needs it.
    const last = chunks.length - 1;
    const done = holdsPooledBuffers(chunks) ? () => recyclePooledBuffers(chunks) : undefined;
    socket.cork();
    for (let i = 0; i < last; i++) socket.write(chunks[i] as Buffer);
    socket.write(chunks[last] as Buffer, done);
    socket.uncork();
  };

  // Writes the last answer, then ends the connection once it is flushed (a failed SASL exchange, as Kafka does).
  const endAfter = (chunks: Buffer[], reason: string, fields: Record<string, unknown> = {}): void => {
    if (closed) return;
    send(chunks);
    log.info({ ...fields, reason }, 'kafka broker: closing connection');
    closed = true;
    socket.end();
  };

  const saslLimits = (session: SaslSession): void => {
    // Bare v0 tokens may be shorter than any request; once authenticated the client gets the full frame size.
    limits.minFrameBytes = session.expectsRawToken ? 0 : MIN_REQUEST_BYTES;
    if (session.authenticated) limits.maxFrameBytes = deps.maxFrameBytes;
  };

  // Legacy flow after a v0 handshake: the frame is a bare SASL token and so is the answer.
  const answerRawToken = (session: SaslSession, frame: Buffer): void => {
    const { reply, close } = session.rawToken(frame.subarray(4));
    const out: Buffer[] = [];
    if (reply !== undefined) {
      const size = Buffer.alloc(4);
      size.writeInt32BE(reply.length, 0);
      out.push(size, reply);
    }
    if (close) endAfter(out, 'SASL authentication failed');
    else send(out);
    saslLimits(session);
  };

  const answerSasl = (session: SaslSession, header: RequestHeader & { bodyKnown: boolean }, reader: Reader): void => {
    const { apiKey, apiVersion: version, correlationId } = header;
    const range = saslApiVersions.find((api) => api.apiKey === apiKey);
    if (!range || version < range.minVersion || version > range.maxVersion || !header.bodyKnown) {
      drop('unsupported api or version', { apiKey, version });
      return;
    }
    const request = readRequestBody(reader, apiKey, version);
    const answer = apiKey === SASL_HANDSHAKE ? session.handshake(version, request) : session.authenticate(request);
    const chunks = encodeResponseFrame(apiKey, version, correlationId, answer.response);
    if (answer.close) endAfter(chunks, 'SASL authentication failed', { apiKey });
    else send(chunks);
    saslLimits(session);
  };

  const handleFrame = async (frame: Buffer): Promise<void> => {
    if (sasl?.expectsRawToken) {
      answerRawToken(sasl, frame);
      return;
    }
    const reader = new Reader(frame, 4, frame.length);
    const header = readRequestHeader(reader);
    const { apiKey, apiVersion: version, correlationId } = header;
    if (sasl) {
      if (apiKey === SASL_HANDSHAKE || apiKey === SASL_AUTHENTICATE) {
        answerSasl(sasl, header, reader);
        return;
      }
      if (!sasl.authenticated && apiKey !== API_VERSIONS) {
        // Kafka's IllegalSaslStateException: nothing but ApiVersions and the SASL APIs before authentication.
        drop('request before SASL authentication', { apiKey, version });
        return;
      }
    }
    if (apiKey === API_VERSIONS) {
      const handler = deps.handlers.get(API_VERSIONS);
      if (!handler || version > handler.maxVersion || !header.bodyKnown) {
        // As Kafka does: a too-new ApiVersions gets a v0 answer with UNSUPPORTED_VERSION and our list, so the
        // client can retry at a version we both speak (librdkafka relies on this at connect).
        send(
          encodeResponseFrame(API_VERSIONS, 0, correlationId, {
            errorCode: ErrorCode.UNSUPPORTED_VERSION,
            apiKeys: deps.apiVersionsList(),
          }),
        );
        return;
      }
    }
    const handler = deps.handlers.get(apiKey);
    if (!handler || version < handler.minVersion || version > handler.maxVersion || !header.bodyKnown) {
      drop('unsupported api or version', { apiKey, version });
      return;
    }
    const request = readRequestBody(reader, apiKey, version);
    const response = await handler.handle({
      apiKey,
      version,
      request,
      correlationId,
      clientId: header.clientId,
      clientHost,
      connectionId,
      // Lets a long poll (Fetch) end as soon as its client is gone instead of holding its timer to max wait.
      signal: gone.signal,
    });
    if (response === null) return;
    send(encodeResponseFrame(apiKey, version, correlationId, response));
  };

  const drain = async (): Promise<void> => {
    processing = true;
    try {
      while (queue.length > 0 && !closed) {
        if (queue.length < MAX_QUEUED_FRAMES / 4 && queuedBytes < MAX_QUEUED_BYTES / 4 && socket.isPaused())
          socket.resume();
        const frame = queue.shift() as Buffer;
        queuedBytes -= frame.length;
        try {
          await handleFrame(frame);
          // Nothing keeps a Produce frame past its handler (logs copy pooled bytes), so its memory goes back.
          recyclePooledBuffers([frame]);
        } catch (error) {
          if (error instanceof KafkaDecodeError)
            drop('malformed request', { error: error.message, frameBytes: frame.length });
          else {
            log.error({ err: error }, 'kafka broker: request handler failed');
            drop('request handler failed');
          }
        }
      }
    } finally {
      processing = false;
      if (!closed && socket.isPaused()) socket.resume();
    }
  };

  socket.setNoDelay(true);
  const onFrames = (result: AssembledFrames<string>): void => {
    if (closed) return;
    for (const frame of result.frames) {
      queue.push(frame);
      queuedBytes += frame.length;
    }
    if (result.refused !== undefined) {
      // The byte stream cannot be resynchronised after a bad size prefix, so the connection ends here.
      drop(result.refused);
      return;
    }
    if (queue.length >= MAX_QUEUED_FRAMES || queuedBytes >= MAX_QUEUED_BYTES) socket.pause();
    if (!processing && queue.length > 0) void drain();
  };
  const receive = (read: () => AssembledFrames<string>): void => {
    try {
      onFrames(read());
    } catch (error) {
      log.error({ err: error }, 'kafka broker: unexpected failure reading a connection');
      drop('internal error');
    }
  };
  input.attach({
    readTarget: () => frames.readTarget(),
    filled: (bytes) => receive(() => frames.filled(bytes)),
    push: (chunk) => receive(() => frames.push(chunk)),
  });
  socket.on('error', (error) => {
    if (!closed) log.debug({ err: error }, 'kafka broker: socket error');
  });
  socket.on('close', () => {
    closed = true;
    queue.length = 0;
    gone.abort();
    try {
      deps.onClosed(connectionId);
    } catch (error) {
      log.error({ err: error }, 'kafka broker: connection-closed hook failed');
    }
  });
}

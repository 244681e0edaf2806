// One client connection. The first frame fixes the protocol version (a version we do not speak gets Cassandra's
// protocol error and the connection ends, so the driver downgrades and reconnects). Requests then run concurrently,
// each answered on its own stream id as soon as it completes; responses finished in the same turn of the event loop
// go out in one write. A malformed or oversized frame costs this connection only, with a log line.
import type { Socket } from 'node:net';
import type { SocketInput } from '../socketInput';
import type { Logger } from '../../../shared/logger';
import type { CqlEngine, CqlError, SchemaChange } from './engine/types';
import { CqlErrorCode } from './engine/types';
import { BodyReader, CqlDecodeError } from './protocol/bodyReader';
import { decompress } from './protocol/compression';
import {
  EVENT_TYPES,
  FrameFlag,
  HIGHEST_VERSION,
  invalidVersionMessage,
  Opcode,
  requestNames,
  SUPPORTED_VERSIONS,
} from './protocol/constants';
import { FrameAssembler, type AssembledFrames } from '../frameAssembler';
import { FrameSplitter, headerBytesFor, type RawFrame, type SplitResult } from './protocol/frameSplitter';
import { encodeError, encodeSchemaChangeEvent } from './protocol/responses';
import { encodeSegments, readSegment, segmentFormat, type SegmentRefusal } from './protocol/segments';
import { handleRequest, type PreparedQueries, type RequestContext } from './requestHandlers';
import type { RoleStore } from './auth/roleStore';
import type { ClientInfo } from './views/systemViews';
import type { TraceStore } from './views/traces';

/** Pause reading from a client with this many requests in flight; resume at half. */
const MAX_IN_FLIGHT = 4096;
/** Also pause while the requests in flight hold this many frame bytes, or this many response bytes await the socket. */
const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
const MAX_UNWRITTEN_BYTES = 64 * 1024 * 1024;

export interface ConnectionDeps {
  engine: CqlEngine;
  credentials: { username: string; password: string } | null;
  supported: ReadonlyMap<string, string[]>;
  maxFrameBytes: number;
  logger: Logger;
  traces: TraceStore;
  preparedQueries: PreparedQueries;
  roles: RoleStore | null;
  /** Whether the socket is TLS (system_views.clients). */
  ssl: boolean;
  onClosed(connection: CqlConnection): void;
}

export interface CqlConnection {
  readonly id: number;
  /** Sends a SCHEMA_CHANGE event if this connection REGISTERed for it. */
  pushSchemaChange(change: SchemaChange): void;
  /** This client as system_views.clients lists it. */
  info(): ClientInfo;
  destroy(): void;
}

const protocolError = (message: string): CqlError => ({ code: CqlErrorCode.protocolError, message });

export function serveConnection(socket: Socket, input: SocketInput, id: number, deps: ConnectionDeps): CqlConnection {
  const log = deps.logger.child({ connection: id, remote: `${socket.remoteAddress}:${socket.remotePort}` });
  const splitter = new FrameSplitter(deps.maxFrameBytes);
  /** Protocol v5 after STARTUP: envelopes travel in checksummed segments (lz4-compressed when agreed). */
  let segments: { lz4: boolean; assembler: FrameAssembler<SegmentRefusal> } | null = null;
  let version: number | null = null;
  let closed = false;
  let inFlight = 0;
  let inFlightBytes = 0;
  let out: Buffer[] = [];
  let flushScheduled = false;
  const events = new Set<string>();
  const ctx: RequestContext = {
    state: 'new',
    keyspace: null,
    compression: null,
    engine: deps.engine,
    credentials: deps.credentials,
    supported: deps.supported,
    registerEvents(types) {
      const unknown = types.find((t) => !EVENT_TYPES.includes(t));
      if (unknown !== undefined) return `Invalid value '${unknown}' for Event.Type`;
      for (const t of types) events.add(t);
      return null;
    },
    log,
    client: socket.remoteAddress ?? '0.0.0.0',
    startupOptions: new Map(),
    username: null,
    requests: 0,
    traces: deps.traces,
    preparedQueries: deps.preparedQueries,
    roles: deps.roles,
  };
  const remotePort = socket.remotePort ?? 0;

  const flush = (): void => {
    flushScheduled = false;
    if (closed || out.length === 0) return;
    const frames = segments === null ? out : encodeSegments(out, segments.lz4);
    const chunk = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
    out = [];
    socket.write(chunk);
    // A client that sends but does not read must not make us buffer its answers without end.
    if (socket.writableLength > MAX_UNWRITTEN_BYTES) socket.pause();
  };

  const mayResume = (): void => {
    if (closed || !socket.isPaused()) return;
    if (inFlight > MAX_IN_FLIGHT / 2 || inFlightBytes > MAX_IN_FLIGHT_BYTES / 2) return;
    if (socket.writableLength > MAX_UNWRITTEN_BYTES / 2) return;
    socket.resume();
  };

  const send = (frame: Buffer): void => {
    if (closed) return;
    out.push(frame);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  /** Answers one last error, then ends the connection once it is written. */
  const fail = (frameVersion: number, stream: number, message: string, reason: string, quiet = false): void => {
    if (closed) return;
    // Version negotiation is every driver's normal first step, not a problem worth a warning.
    if (quiet) log.debug({ reason, message }, 'cql server: closing connection');
    else log.warn({ reason, message }, 'cql server: closing connection');
    flush();
    closed = true;
    const last = encodeError(frameVersion, stream, protocolError(message));
    socket.end(segments === null ? last : Buffer.concat(encodeSegments([last], segments.lz4)));
    // A client that never reads must not keep the socket (and its buffers) forever.
    setTimeout(() => socket.destroy(), 2000).unref();
  };

  const handleFrame = (frame: RawFrame): void => {
    if (version === null) {
      if (frame.isResponse || !SUPPORTED_VERSIONS.includes(frame.version)) {
        // Answer in a framing the client can parse: v1/v2 clients get their own 8-byte header (as Cassandra does),
        // anything newer gets our highest version, whose byte the driver reads to pick its next attempt.
        const answerVersion = headerBytesFor(frame.version) === 8 ? frame.version : HIGHEST_VERSION;
        if (answerVersion < 3) {
          failLegacy(frame);
          return;
        }
        fail(answerVersion, frame.stream, invalidVersionMessage(frame.version), 'unsupported protocol version', true);
        return;
      }
      version = frame.version;
    } else if (frame.version !== version || frame.isResponse) {
      fail(version, frame.stream, invalidVersionMessage(frame.version), 'protocol version changed mid-connection');
      return;
    }
    const v = version;
    let r = new BodyReader(frame.buf, frame.bodyStart);
    // In v5 the segments carry compression and the envelope's flag is ignored (spec 2.4.1.2).
    if (frame.flags & FrameFlag.compression && v < 5) {
      if (ctx.compression === null) {
        fail(
          v,
          frame.stream,
          'Received a compressed frame, but no compression was agreed in STARTUP',
          'compressed frame',
        );
        return;
      }
      try {
        r = new BodyReader(decompress(ctx.compression, frame.buf.subarray(frame.bodyStart), deps.maxFrameBytes));
      } catch (error) {
        fail(v, frame.stream, `Invalid compressed body: ${(error as Error).message}`, 'bad compressed body');
        return;
      }
    }
    const name = requestNames[frame.opcode];
    if (name === undefined) {
      fail(v, frame.stream, `Unknown opcode ${frame.opcode}`, 'unknown opcode');
      return;
    }
    inFlight++;
    inFlightBytes += frame.buf.length;
    if ((inFlight >= MAX_IN_FLIGHT || inFlightBytes >= MAX_IN_FLIGHT_BYTES) && !socket.isPaused()) socket.pause();
    void respond(frame, v, r, name);
  };

  // One async function per connection rather than fresh callbacks per request: closures cost an allocation each,
  // and under tsx a defineProperty for their name too, which shows at tens of thousands of requests a second.
  const respond = async (frame: RawFrame, v: number, r: BodyReader, name: string): Promise<void> => {
    let response: Buffer;
    try {
      response = await handleRequest(ctx, v, frame, r);
    } catch (error) {
      inFlight--;
      inFlightBytes -= frame.buf.length;
      mayResume();
      if (error instanceof CqlDecodeError) {
        fail(v, frame.stream, `Invalid ${name} message: ${error.message}`, 'malformed frame body');
        return;
      }
      log.error({ err: error, opcode: frame.opcode }, 'cql server: request failed');
      const message = error instanceof Error ? error.message : String(error);
      send(encodeError(v, frame.stream, { code: CqlErrorCode.serverError, message }));
      return;
    }
    inFlight--;
    inFlightBytes -= frame.buf.length;
    mayResume();
    send(response);
    if (v >= 5 && frame.opcode === Opcode.startup && segments === null) {
      const opcode = response[4];
      if (opcode === Opcode.ready || opcode === Opcode.authenticate) {
        // The STARTUP answer is the last unframed message; everything after it, both ways, is in segments.
        flush();
        segments = {
          lz4: ctx.compression === 'lz4',
          assembler: new FrameAssembler(segmentFormat(ctx.compression === 'lz4')),
        };
      }
    }
  };

  const failLegacy = (frame: RawFrame): void => {
    // v1/v2 header: version, flags, 1-byte stream, opcode, int32 length.
    const message = Buffer.from(invalidVersionMessage(frame.version));
    const body = Buffer.allocUnsafe(6 + message.length);
    body.writeInt32BE(CqlErrorCode.protocolError, 0);
    body.writeUInt16BE(message.length, 4);
    message.copy(body, 6);
    const header = Buffer.from([0x80 | frame.version, 0, frame.stream & 0xff, Opcode.error, 0, 0, 0, 0]);
    header.writeInt32BE(body.length, 4);
    log.debug({ version: frame.version }, 'cql server: closing connection of a protocol v1/v2 client');
    closed = true;
    socket.end(Buffer.concat([header, body]));
    setTimeout(() => socket.destroy(), 2000).unref();
  };

  socket.setNoDelay(true);
  const receive = (result: SplitResult): void => {
    if (closed) return;
    for (const frame of result.frames) {
      if (closed) return;
      handleFrame(frame);
    }
    if (result.oversized && !closed) {
      const o = result.oversized;
      const answer = version ?? (SUPPORTED_VERSIONS.includes(o.version) ? o.version : HIGHEST_VERSION);
      fail(
        answer,
        o.stream,
        o.length < 0
          ? `Invalid frame body length ${o.length}`
          : `Request is too big: length ${o.length} exceeds maximum allowed length ${deps.maxFrameBytes}.`,
        'oversized frame',
      );
    }
  };
  const receiveSegments = (result: AssembledFrames<SegmentRefusal>, lz4: boolean): void => {
    for (const buf of result.frames) {
      if (closed) return;
      let payload: Buffer;
      try {
        payload = readSegment(buf, lz4).payload;
      } catch (error) {
        fail(version ?? HIGHEST_VERSION, 0, (error as Error).message, 'corrupt segment');
        return;
      }
      // Envelopes inside: whole ones (self-contained) or the next piece of a large one; the splitter joins pieces.
      receive(splitter.push(payload));
    }
    if (result.refused !== undefined && !closed)
      fail(version ?? HIGHEST_VERSION, 0, result.refused.message, 'corrupt segment header');
  };
  // The socket asks for read memory before the bytes arrive, so the read that brings the first segments may land
  // in the envelope splitter's memory, asked for before STARTUP's answer switched the framing.
  let target: Buffer | null = null;
  input.attach({
    readTarget: () => {
      if (segments !== null) {
        target = null;
        return segments.assembler.readTarget();
      }
      target = splitter.readTarget();
      return target;
    },
    filled: (bytes) => {
      if (segments === null) receive(splitter.filled(bytes));
      else if (target !== null) receiveSegments(segments.assembler.push(target.subarray(0, bytes)), segments.lz4);
      else receiveSegments(segments.assembler.filled(bytes), segments.lz4);
    },
    push: (chunk) => {
      if (segments === null) receive(splitter.push(chunk));
      else receiveSegments(segments.assembler.push(chunk), segments.lz4);
    },
  });
  socket.on('drain', mayResume);
  socket.on('error', (error) => {
    log.debug({ err: error }, 'cql server: socket error');
  });
  socket.on('close', () => {
    closed = true;
    out = [];
    deps.onClosed(connection);
  });

  const connection: CqlConnection = {
    id,
    pushSchemaChange(change) {
      if (closed || version === null || !events.has('SCHEMA_CHANGE')) return;
      send(encodeSchemaChangeEvent(version, change));
    },
    info: () => ({
      address: ctx.client,
      port: remotePort,
      options: ctx.startupOptions,
      stage: ctx.state,
      keyspace: ctx.keyspace,
      protocolVersion: version,
      requests: ctx.requests,
      username: ctx.username,
      ssl: deps.ssl,
    }),
    destroy() {
      closed = true;
      socket.destroy();
    },
  };
  return connection;
}

// A bare protocol v5 client: STARTUP unframed, then envelopes in segments (spec section 2), with any segment bytes
// the test wants to corrupt. For the framing tests.
import { connect, type Socket } from 'node:net';
import { FrameAssembler } from '../../frameAssembler';
import { encodeSegments, readSegment, segmentFormat } from '../protocol/segments';
import { frame, stringMap, type ResponseFrame } from './rawCqlClient';

export interface SegmentClient {
  /** Answer to the unframed STARTUP (READY or AUTHENTICATE). */
  startup: ResponseFrame;
  /** Sends envelopes, packed in segments as a v5 sender does. */
  send(...envelopes: Buffer[]): void;
  /** Raw bytes (a hand-made or corrupted segment). */
  write(bytes: Buffer): void;
  /** The next response envelope, or null when the server closed the connection first. */
  next(): Promise<ResponseFrame | null>;
  closed: Promise<void>;
  close(): Promise<void>;
}

function envelopes(buf: Buffer): { frames: ResponseFrame[]; rest: Buffer } {
  const frames: ResponseFrame[] = [];
  let at = 0;
  while (buf.length - at >= 9 && buf.length - at >= 9 + buf.readInt32BE(at + 5)) {
    const length = buf.readInt32BE(at + 5);
    frames.push({
      version: buf[at] as number,
      flags: buf[at + 1] as number,
      stream: buf.readInt16BE(at + 2),
      opcode: buf[at + 4] as number,
      body: buf.subarray(at + 9, at + 9 + length),
    });
    at += 9 + length;
  }
  return { frames, rest: buf.subarray(at) };
}

export async function openSegmentClient(port: number, lz4 = false): Promise<SegmentClient> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const options: Record<string, string> = { CQL_VERSION: '3.0.0' };
  if (lz4) options.COMPRESSION = 'lz4';
  socket.write(frame(5, 0, 0x01, stringMap(options)));

  let framed = false;
  let pending = Buffer.alloc(0);
  const assembler = new FrameAssembler(segmentFormat(lz4));
  const queue: ResponseFrame[] = [];
  const waiters: ((f: ResponseFrame | null) => void)[] = [];
  let ended = false;
  const deliver = (frames: ResponseFrame[]): void => {
    for (const f of frames) {
      const w = waiters.shift();
      if (w) w(f);
      else queue.push(f);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    if (!framed) {
      const { frames, rest } = envelopes(Buffer.concat([pending, chunk]));
      pending = Buffer.from(rest);
      framed = frames.length > 0;
      deliver(frames);
      if (!framed || rest.length === 0) return;
      chunk = pending;
      pending = Buffer.alloc(0);
    }
    for (const segment of assembler.push(chunk).frames) {
      const { frames, rest } = envelopes(Buffer.concat([pending, readSegment(segment, lz4).payload]));
      pending = Buffer.from(rest);
      deliver(frames);
    }
  });
  void closed.then(() => {
    ended = true;
    for (const w of waiters.splice(0)) w(null);
  });
  const next = (): Promise<ResponseFrame | null> => {
    const f = queue.shift();
    if (f) return Promise.resolve(f);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => waiters.push(resolve));
  };
  const startup = await next();
  if (startup === null) throw new Error('server closed the connection before answering STARTUP');
  return {
    startup,
    send: (...list) => {
      for (const s of encodeSegments(list, lz4)) socket.write(s);
    },
    write: (bytes) => socket.write(bytes),
    next,
    closed,
    close: async () => {
      socket.destroy();
      await closed;
    },
  };
}

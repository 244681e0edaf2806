// A bare TCP client for the CQL wire: write any bytes, read whole response frames. For negotiation and fuzz tests.
import { connect, type Socket } from 'node:net';

export interface ResponseFrame {
  version: number;
  flags: number;
  stream: number;
  opcode: number;
  body: Buffer;
}

export interface RawCqlClient {
  socket: Socket;
  write(bytes: Buffer): void;
  /** Resolves with the next response frame, or null when the server closed the connection first. */
  next(): Promise<ResponseFrame | null>;
  closed: Promise<void>;
  close(): Promise<void>;
}

export function frame(
  version: number,
  stream: number,
  opcode: number,
  body: Buffer = Buffer.alloc(0),
  flags = 0,
): Buffer {
  const header = Buffer.alloc(9);
  header[0] = version;
  header[1] = flags;
  header.writeInt16BE(stream, 2);
  header[4] = opcode;
  header.writeInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

export function stringMap(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.alloc(2)];
  parts[0]?.writeUInt16BE(Object.keys(entries).length);
  for (const [k, v] of Object.entries(entries)) parts.push(shortString(k), shortString(v));
  return Buffer.concat(parts);
}

export function shortString(s: string): Buffer {
  const b = Buffer.from(s);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

export function longString(s: string): Buffer {
  const b = Buffer.from(s);
  const len = Buffer.alloc(4);
  len.writeInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** ERROR body → { code, message }. */
export function readError(body: Buffer): { code: number; message: string } {
  const n = body.readUInt16BE(4);
  return { code: body.readInt32BE(0), message: body.toString('utf8', 6, 6 + n) };
}

export async function openRawClient(port: number, host = '127.0.0.1'): Promise<RawCqlClient> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffered = Buffer.alloc(0);
  const frames: ResponseFrame[] = [];
  const waiters: ((f: ResponseFrame | null) => void)[] = [];
  let ended = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const headerBytes = buffered.length > 0 && ((buffered[0] as number) & 0x7f) < 3 ? 8 : 9;
      if (buffered.length < headerBytes) break;
      const length = buffered.readInt32BE(headerBytes - 4);
      if (buffered.length < headerBytes + length) break;
      const f: ResponseFrame = {
        version: buffered[0] as number,
        flags: buffered[1] as number,
        stream: headerBytes === 9 ? buffered.readInt16BE(2) : buffered.readInt8(2),
        opcode: buffered[headerBytes - 5] as number,
        body: buffered.subarray(headerBytes, headerBytes + length),
      };
      buffered = buffered.subarray(headerBytes + length);
      const w = waiters.shift();
      if (w) w(f);
      else frames.push(f);
    }
  });
  void closed.then(() => {
    ended = true;
    for (const w of waiters.splice(0)) w(null);
  });
  return {
    socket,
    write: (bytes) => socket.write(bytes),
    next: () => {
      const f = frames.shift();
      if (f) return Promise.resolve(f);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push(resolve));
    },
    closed,
    close: async () => {
      socket.destroy();
      await closed;
    },
  };
}

// How a connection's bytes reach its protocol code. A plain TCP socket reads straight into memory the protocol
// provides (Node's `onread`, see frameAssembler.ts for why); a TLS socket, whose bytes come out of the decryption
// layer, hands over its chunks and they are copied in. Either way the protocol sees one interface.
import { Socket, type OnReadOpts, type Server, type SocketConstructorOpts } from 'node:net';

/** Where a connection's bytes go. */
export interface ReadSink {
  /** Memory the next read should land in. */
  readTarget(): Buffer;
  /** `bytes` landed in the buffer the last readTarget() returned. */
  filled(bytes: number): void;
  /** A chunk the socket allocated itself (TLS): to be copied through readTarget() and filled(). */
  push(chunk: Buffer): void;
}

export interface SocketInput {
  /** Starts delivering bytes; called once, right after the connection is handed over. */
  attach(sink: ReadSink): void;
}

/** Bytes arrive as 'data' events (TLS sockets, or where reading into our own memory is not available). */
export function chunkInput(socket: Socket): SocketInput {
  return {
    attach(sink) {
      socket.on('data', (chunk: Buffer) => sink.push(chunk));
      if (socket.isPaused()) socket.resume();
    },
  };
}

const FIRST_READ_BYTES = 4096;

interface HandleOwner {
  _handle?: { useUserBuffer?: unknown } | null;
  _server?: Server | null;
}

/**
 * Re-opens a plain TCP socket accepted with `pauseOnConnect` (nothing read yet) over the same handle, reading into
 * memory the sink provides. Node offers `onread` only to sockets it connects itself, so this passes the accepted
 * handle to a new Socket, as Node's own handle passing between processes does. Returns undefined, leaving `accepted`
 * untouched, when that handle is not there (another Node version): the caller then falls back to chunkInput().
 */
export function adoptWithOwnReads(accepted: Socket): { socket: Socket; input: SocketInput } | undefined {
  const owner = accepted as unknown as HandleOwner;
  const handle = owner._handle;
  if (!handle || typeof handle.useUserBuffer !== 'function') return undefined;
  // Node asks for the first read's memory when the socket is made, before the protocol has attached: that read
  // lands here and is copied over, once per connection.
  const first = Buffer.allocUnsafeSlow(FIRST_READ_BYTES);
  let sink: ReadSink | undefined;
  const early: Buffer[] = [];
  owner._handle = null;
  const options: SocketConstructorOpts & { handle: unknown; onread: OnReadOpts } = {
    handle,
    readable: true,
    writable: true,
    onread: {
      buffer: () => (sink ? sink.readTarget() : first),
      callback: (bytes: number, buf: Uint8Array) => {
        if (buf !== first) sink?.filled(bytes);
        else if (sink) sink.push(first.subarray(0, bytes));
        else early.push(Buffer.from(first.subarray(0, bytes)));
        return true;
      },
    },
  };
  const socket = new Socket(options);
  // The server counts its connections through the socket it accepted: the new one takes over that bookkeeping, so
  // server.close() still waits for it (the accepted one is never destroyed, so it never decrements the count).
  (socket as unknown as HandleOwner)._server = owner._server ?? null;
  return {
    socket,
    input: {
      attach(s) {
        sink = s;
        for (const chunk of early.splice(0)) s.push(chunk);
      },
    },
  };
}

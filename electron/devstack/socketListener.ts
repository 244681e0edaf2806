// The one place the embedded servers open their port: plain TCP, or TLS when given a key pair. With TLS the protocol
// code only ever sees sockets whose handshake finished, so framing and authentication are the same either way; a
// failed handshake (a plaintext client, a client that does not trust the certificate) costs that socket only.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../../shared/logger';
import { adoptWithOwnReads, chunkInput, type SocketInput } from './socketInput';
import type { TlsKeyPair } from './tlsOption';

export interface SocketListenerOptions {
  /** undefined = plain TCP. */
  tls: TlsKeyPair | undefined;
  /**
   * Gets each connection once it is ready for the protocol (after the TLS handshake, with TLS), with where its bytes
   * come from: the protocol attaches to `input` at once.
   */
  onConnection(socket: Socket, input: SocketInput): void;
  logger: Logger;
  /** Starts log lines, e.g. "kafka broker". */
  name: string;
}

/** A not yet listening server, and a close that also ends connections still in their TLS handshake. */
export interface SocketListener {
  server: Server;
  /** Stops accepting and destroys every connection; resolves once the server has closed. */
  close(): Promise<void>;
}

export function createSocketListener(options: SocketListenerOptions): SocketListener {
  const { tls, onConnection, logger, name } = options;
  // Every socket, the ones handed over and the raw TCP ones under them (still in their handshake or not): server.close()
  // waits for all of them, and a client that never finishes its handshake would hold it for the handshake timeout.
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };
  const ready = (socket: Socket, input: SocketInput): void => {
    track(socket);
    onConnection(socket, input);
  };
  // Plain TCP connections arrive paused, so they can be re-opened to read into the protocol's own memory.
  const server = tls
    ? createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => ready(socket, chunkInput(socket)))
    : createTcpServer({ pauseOnConnect: true }, (accepted) => {
        const adopted = adoptWithOwnReads(accepted);
        if (adopted) ready(adopted.socket, adopted.input);
        else ready(accepted, chunkInput(accepted));
      });
  if (tls) server.on('connection', track);
  if (tls) {
    server.on('tlsClientError', (error: Error, socket: Socket) => {
      logger.warn(
        { err: error, remote: `${socket.remoteAddress}:${socket.remotePort}` },
        `${name}: TLS handshake failed`,
      );
    });
  }
  const close = (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of open) socket.destroy();
    return stopped;
  };
  return { server, close };
}

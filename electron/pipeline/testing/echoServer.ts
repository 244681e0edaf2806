// An echo server for the fault proxy's tests, noting how many bytes reached it and when the first did, and a client
// that keeps what it reads.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A running echo server. */
export interface Echo {
  server: Server;
  address: string;
  /** Bytes the echo server has read, and when the first of them arrived. */
  received(): number;
  firstAt(): number | undefined;
  close(): Promise<void>;
}

/** Starts an echo server on a free loopback port. */
export async function startEcho(): Promise<Echo> {
  let received = 0;
  let firstAt: number | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      firstAt ??= performance.now();
      received += data.length;
    });
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    address: `127.0.0.1:${port}`,
    received: () => received,
    firstAt: () => firstAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A connected client and what it has read so far. */
export interface Client {
  socket: Socket;
  data(): Buffer;
  error(): NodeJS.ErrnoException | undefined;
  closed(): boolean;
}

/** Connects to "host:port". */
export async function dial(address: string): Promise<Client> {
  const [host, port] = address.split(':');
  const socket = connect({ host: host!, port: Number(port) });
  const chunks: Buffer[] = [];
  let error: NodeJS.ErrnoException | undefined;
  let closed = false;
  socket.on('data', (d) => chunks.push(d));
  socket.on('error', (e) => (error = e));
  socket.on('close', () => (closed = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    data: () => Buffer.concat(chunks),
    error: () => error,
    closed: () => closed,
  };
}

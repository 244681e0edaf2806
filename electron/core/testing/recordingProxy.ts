import { createServer, connect, type Socket } from 'node:net';

/** A TCP proxy that forwards to one address and keeps every byte clients sent through it. */
export interface RecordingProxy {
  /** `127.0.0.1:port`: a host that is not the one a secret was entered for. */
  address: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Everything clients sent, all connections concatenated. */
  received(): Buffer;
  close(): Promise<void>;
}

/** Starts a recording proxy in front of `target` (`host:port`) on a free loopback port. */
export async function startRecordingProxy(options: { target: string }): Promise<RecordingProxy> {
  const at = options.target.lastIndexOf(':');
  const host = options.target.slice(0, at);
  const port = Number(options.target.slice(at + 1));
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect({ host, port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('recording proxy: no port');
  return {
    address: `127.0.0.1:${address.port}`,
    connections: () => accepted,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

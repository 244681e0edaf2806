import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger';
import { chunkInput, type ReadSink } from './socketInput';
import { createSocketListener, type SocketListener } from './socketListener';

/** A sink that records which of its own buffers each read landed in. */
function recordingSink(targetBytes: number) {
  const received: Buffer[] = [];
  let last: Buffer | undefined;
  const state = { inPlace: 0, pushed: 0 };
  const sink: ReadSink = {
    readTarget: () => (last = Buffer.allocUnsafe(targetBytes)),
    filled(bytes) {
      state.inPlace++;
      received.push(Buffer.from((last as Buffer).subarray(0, bytes)));
    },
    push(chunk) {
      state.pushed++;
      received.push(Buffer.from(chunk));
    },
  };
  return { sink, received, state };
}

let listener: SocketListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function listen(onConnection: (socket: Socket, sink: ReturnType<typeof recordingSink>) => void) {
  const sinks: Array<ReturnType<typeof recordingSink>> = [];
  listener = createSocketListener({
    tls: undefined,
    logger: silentLogger,
    name: 'test',
    onConnection(socket, input) {
      const sink = recordingSink(64 * 1024);
      sinks.push(sink);
      input.attach(sink.sink);
      onConnection(socket, sink);
    },
  });
  const server = listener.server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, sinks };
}

describe('plain TCP sockets read into the protocol’s own memory', () => {
  it('delivers every byte in order through readTarget/filled, and the socket still writes', async () => {
    const { port, sinks } = await listen((socket) => socket.write('hello'));
    const client = connect(port, '127.0.0.1');
    const greeting = once(client, 'data');
    const payload = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32BE(i, i);
    client.end(payload);
    expect(String((await greeting)[0])).toBe('hello');
    await expect
      .poll(() => sinks[0]?.received.reduce((n, b) => n + b.length, 0), { timeout: 10_000 })
      .toBe(payload.length);
    const sink = sinks[0] as ReturnType<typeof recordingSink>;
    expect(Buffer.concat(sink.received).equals(payload)).toBe(true);
    // At most the first read, which Node takes before the protocol attaches, is copied in.
    expect(sink.state.pushed).toBeLessThanOrEqual(1);
    expect(sink.state.inPlace).toBeGreaterThan(10);
  });

  it('pauses and resumes, and closing the listener waits for and ends adopted connections', async () => {
    let serverSide: Socket | undefined;
    const { port, sinks } = await listen((socket) => {
      serverSide = socket;
      socket.pause();
    });
    const client = connect(port, '127.0.0.1');
    await once(client, 'connect');
    client.write(Buffer.alloc(1000, 1));
    await expect.poll(() => serverSide).toBeDefined();
    // Paused: nothing is read until resumed.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sinks[0]?.received.length ?? 0).toBe(0);
    serverSide?.resume();
    await expect.poll(() => sinks[0]?.received.reduce((n, b) => n + b.length, 0)).toBe(1000);
    const closedByServer = once(client, 'close');
    await listener?.close();
    listener = undefined;
    await closedByServer;
  });
});

describe('the fallback where a socket cannot be re-opened', () => {
  it('copies chunks in through push, starting a socket accepted paused', async () => {
    const sink = recordingSink(1024);
    const server = createServer({ pauseOnConnect: true }, (accepted) => chunkInput(accepted).attach(sink.sink));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const client = connect(typeof address === 'object' && address ? address.port : 0, '127.0.0.1');
    const payload = Buffer.alloc(300_000, 5);
    client.end(payload);
    await expect.poll(() => sink.received.reduce((n, b) => n + b.length, 0)).toBe(payload.length);
    expect(Buffer.concat(sink.received).equals(payload)).toBe(true);
    expect(sink.state.inPlace).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

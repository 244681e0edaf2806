// A TCP proxy that adds the faults loopback hides: latency and jitter per direction, a bandwidth cap, connection
// resets and a stall (a half-dead link). For tests and benchmarks only; nothing in the app imports it.
import { createServer, connect, type Socket } from 'node:net';
import { FaultLane, TokenBucket, type DirectionBytes, type LaneConditions } from './faultLane';
import { warmPreciseTimer } from './preciseTimer';

export type { DirectionBytes } from './faultLane';

/** A value for both directions, or one per direction ("up" = client to target, "down" = target to client). */
export type PerDirection = number | { up: number; down: number };

/** The faults; every field can change at run time through `set`. */
export interface FaultConditions {
  /** Added to every chunk's trip, per direction. Default 0. */
  latencyMs?: PerDirection;
  /** A uniformly random extra delay of up to this much per chunk (order is kept). Default 0. */
  jitterMs?: PerDirection;
  /** Bytes per second per direction, shared by all connections as on one link; 0 = unlimited (default). */
  bandwidthBytesPerSec?: PerDirection;
}

export interface FaultProxyOptions extends FaultConditions {
  /** "host:port" to forward to; may be set later with `set({ target })` (connections before that are reset). */
  target?: string;
  /** Interface to listen on. Default "127.0.0.1". */
  listenHost?: string;
  /** Port to listen on; 0 (default) = any free port. */
  port?: number;
  /**
   * Bytes one direction of one connection may hold before its sender is paused. Default 1 MiB. Like a TCP window, it
   * caps a connection at about maxQueuedBytes / latency per second (1 MiB at 20 ms: ~50 MB/s).
   */
  maxQueuedBytes?: number;
}

/** One open connection as the proxy sees it. */
export interface FaultProxyConnection {
  id: number;
  /** The client's address, "host:port". */
  client: string;
  queued: { up: number; down: number };
}

export interface FaultProxy {
  /** "host:port" to give clients. */
  address: string;
  host: string;
  port: number;
  /** Changes faults (and the target, for new connections) at run time; omitted fields keep their values. */
  set(options: FaultConditions & { target?: string }): void;
  /** Sends an RST on both sides of every open connection. */
  reset(): void;
  /** On: bytes are still read (up to the queue bound) but nothing is forwarded, either way, on any connection. */
  stall(on: boolean): void;
  connections(): FaultProxyConnection[];
  stats(): { accepted: number; bytes: { up: DirectionBytes; down: DirectionBytes }; lastErrors: string[] };
  /** Stops listening and destroys every connection. Idempotent. */
  close(): Promise<void>;
}

const fail = (name: string, what: string): never => {
  throw new TypeError(`createFaultProxy: option "${name}" ${what}`);
};

function perDirection(name: string, value: PerDirection | undefined, current: { up: number; down: number }) {
  if (value === undefined) return current;
  const pair = typeof value === 'number' ? { up: value, down: value } : value;
  for (const v of [pair?.up, pair?.down])
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(name, `must be a number ≥ 0 or { up, down } of them (got ${JSON.stringify(value)})`);
  return { up: pair.up, down: pair.down };
}

function parseTarget(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535)
    fail('target', `must be "host:port" (got "${value}")`);
  return { host: match![1]!, port };
}

interface Conditions {
  latency: { up: number; down: number };
  jitter: { up: number; down: number };
  bandwidth: { up: number; down: number };
}

/** Starts a fault proxy listening on `listenHost:port`, forwarding to `target`. */
export async function createFaultProxy(options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024;
  if (!Number.isInteger(maxQueuedBytes) || maxQueuedBytes < 1024) fail('maxQueuedBytes', 'must be an integer ≥ 1024');
  let target = options.target === undefined ? undefined : parseTarget(options.target);
  const zero = { up: 0, down: 0 };
  let conditions: Conditions = { latency: zero, jitter: zero, bandwidth: zero };
  const apply = (next: FaultConditions): void => {
    conditions = {
      latency: perDirection('latencyMs', next.latencyMs, conditions.latency),
      jitter: perDirection('jitterMs', next.jitterMs, conditions.jitter),
      bandwidth: perDirection('bandwidthBytesPerSec', next.bandwidthBytesPerSec, conditions.bandwidth),
    };
  };
  apply(options);
  warmPreciseTimer();
  let stalled = false;
  const bytes = { up: { received: 0, forwarded: 0 }, down: { received: 0, forwarded: 0 } };
  const buckets = { up: new TokenBucket(conditions.bandwidth.up), down: new TokenBucket(conditions.bandwidth.down) };
  const laneConditions = (side: 'up' | 'down'): LaneConditions => ({
    latencyMs: () => conditions.latency[side],
    jitterMs: () => conditions.jitter[side],
    stalled: () => stalled,
    bucket: buckets[side],
    bytes: bytes[side],
  });
  const up = laneConditions('up');
  const down = laneConditions('down');
  const lastErrors: string[] = [];
  const noteError = (where: string, error: Error): void => {
    lastErrors.push(`${where}: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
    if (lastErrors.length > 20) lastErrors.shift();
  };

  interface Open {
    id: number;
    client: Socket;
    upstream: Socket;
    lanes: FaultLane[];
  }
  const open = new Map<number, Open>();
  let accepted = 0;
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    const id = ++accepted;
    if (target === undefined) {
      noteError('accept', new Error('no target set'));
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ ...target, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const lanes = [
      new FaultLane(client, upstream, up, maxQueuedBytes),
      new FaultLane(upstream, client, down, maxQueuedBytes),
    ];
    const entry: Open = { id, client, upstream, lanes };
    open.set(id, entry);
    // An error on one side (a refused target, a killed client) is passed on as one, as an RST.
    const onError = (where: string, other: Socket) => (error: Error) => {
      noteError(where, error);
      if (!other.destroyed) other.resetAndDestroy();
    };
    client.on('error', onError('client', upstream));
    upstream.on('error', onError('target', client));
    // A graceful end (FIN) travels through the lanes after the last byte; the entry goes once both sides are closed.
    const onClose = () => {
      if (!client.destroyed || !upstream.destroyed) return;
      for (const lane of lanes) lane.stop();
      open.delete(id);
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
    client.resume();
  });
  server.on('error', (error) => noteError('server', error));
  const listenHost = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const pumpAll = () => {
    for (const entry of open.values()) for (const lane of entry.lanes) lane.pump();
  };

  let closing: Promise<void> | undefined;
  return {
    address: listenHost.includes(':') ? `[${listenHost}]:${port}` : `${listenHost}:${port}`,
    host: listenHost,
    port,
    set(next) {
      if (next.target !== undefined) target = parseTarget(next.target);
      apply(next);
      buckets.up.setRate(conditions.bandwidth.up);
      buckets.down.setRate(conditions.bandwidth.down);
      pumpAll();
    },
    reset() {
      for (const entry of open.values()) {
        for (const lane of entry.lanes) lane.stop();
        if (!entry.client.destroyed) entry.client.resetAndDestroy();
        if (!entry.upstream.destroyed) entry.upstream.resetAndDestroy();
      }
    },
    stall(on) {
      stalled = on;
      if (!on) pumpAll();
    },
    connections: () =>
      [...open.values()].map((e) => ({
        id: e.id,
        client: `${e.client.remoteAddress}:${e.client.remotePort}`,
        queued: { up: e.lanes[0]!.queuedBytes(), down: e.lanes[1]!.queuedBytes() },
      })),
    stats: () => ({
      accepted,
      bytes: { up: { ...bytes.up }, down: { ...bytes.down } },
      lastErrors: [...lastErrors],
    }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const entry of open.values()) {
          for (const lane of entry.lanes) lane.stop();
          entry.client.destroy();
          entry.upstream.destroy();
        }
        open.clear();
      });
      return closing;
    },
  };
}

import type { ApiTransport } from './api';
import type { IpcResult } from './types';
import type { WireMessage } from './wire';

/** The part of the WebSocket API we use: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Options of `createWsTransport`. */
export interface WsTransportOptions {
  url: string;
  createSocket(url: string): WebSocketLike;
  /** Answer timeout per request (default 30 s: Test Kafka may take a while). */
  timeoutMs?: number;
  onConnectionChange?(connected: boolean): void;
}

const disconnected = (message: string): IpcResult<never> => ({
  ok: false,
  error: { code: 'disconnected', message, retriable: true },
});

/**
 * The contract over a WebSocket: requests carry an id and wait for their answer; event frames fan out to subscribers.
 * It reconnects by itself with a bounded backoff, and requests made while down fail as retriable data, never throw.
 */
export function createWsTransport(options: WsTransportOptions): ApiTransport & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pending = new Map<number, { done: (r: IpcResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocketLike | null = null;
  let open = false;
  let closed = false;
  let backoff = 250;

  const settle = (id: number, result: IpcResult<unknown>) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.done(result);
  };

  const connect = () => {
    if (closed) return;
    const ws = options.createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      open = true;
      backoff = 250;
      options.onConnectionChange?.(true);
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (ev) => {
      let message: WireMessage;
      try {
        message = JSON.parse(String(ev.data)) as WireMessage;
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      if ('events' in message) {
        for (const [channel, payload] of message.events) listeners.get(channel)?.forEach((l) => l(payload));
      } else if ('id' in message) settle(message.id, message.result);
      // An `{ error }` frame answers a frame this transport never sends (no id, not JSON): nothing waits for it.
    };
    ws.onerror = () => undefined;
    ws.onclose = () => {
      const wasOpen = open;
      open = false;
      socket = null;
      if (wasOpen) options.onConnectionChange?.(false);
      for (const id of [...pending.keys()]) settle(id, disconnected('lost the connection to Userstream; retrying'));
      if (!closed) {
        setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    };
  };
  connect();

  return {
    invoke(channel, payload) {
      if (closed) return Promise.resolve(disconnected('the connection is closed'));
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload });
      return new Promise((done) => {
        const timer = setTimeout(
          () =>
            settle(id, {
              ok: false,
              error: { code: 'timeout', message: `${channel} got no answer in ${timeoutMs / 1000} s`, retriable: true },
            }),
          timeoutMs,
        );
        pending.set(id, { done, timer });
        if (open && socket) socket.send(frame);
        else if (queue.length < 100) queue.push(frame);
        else settle(id, disconnected('not connected to Userstream'));
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
      for (const id of [...pending.keys()]) settle(id, disconnected('the connection is closed'));
    },
  };
}

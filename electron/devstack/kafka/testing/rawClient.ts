// A minimal Kafka protocol client built on the broker's own codec, for tests that need exact control over what goes
// on the wire (fuzzing, long-poll timing, versions no client library sends). Not used by the broker itself.
import { connect, type Socket } from 'node:net';
import type { KafkaMessage } from '../apis/types';
import { decodeResponseFrame, encodeRequestFrame } from '../protocol/messages';

export interface RawClient {
  /** Sends a request and resolves with its decoded response body. */
  request(apiKey: number, version: number, body: KafkaMessage): Promise<KafkaMessage>;
  /** Writes arbitrary bytes. */
  writeRaw(bytes: Buffer): void;
  /** Resolves when the broker closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export async function connectRawClient(port: number, host = '127.0.0.1'): Promise<RawClient> {
  const socket: Socket = connect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  let correlation = 1;
  const pending = new Map<
    number,
    { apiKey: number; version: number; resolve(body: KafkaMessage): void; reject(error: Error): void }
  >();
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
      const size = buffered.readInt32BE(0);
      const frame = buffered.subarray(4, 4 + size);
      buffered = buffered.subarray(4 + size);
      const id = frame.readInt32BE(0);
      const waiter = pending.get(id);
      if (!waiter) continue;
      pending.delete(id);
      try {
        waiter.resolve(decodeResponseFrame(frame, waiter.apiKey, waiter.version).body);
      } catch (error) {
        waiter.reject(error as Error);
      }
    }
  });
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      for (const waiter of pending.values()) waiter.reject(new Error('connection closed'));
      pending.clear();
      resolve();
    }),
  );
  return {
    request(apiKey, version, body) {
      const correlationId = correlation++;
      return new Promise((resolve, reject) => {
        pending.set(correlationId, { apiKey, version, resolve, reject });
        socket.write(encodeRequestFrame({ apiKey, apiVersion: version, correlationId, clientId: 'raw-test' }, body));
      });
    },
    writeRaw(bytes) {
      socket.write(bytes);
    },
    closed,
    close() {
      socket.destroy();
    },
  };
}

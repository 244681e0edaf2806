import type { RawData, WebSocket } from 'ws';
import { readRequestFrame, type IpcError, type IpcResult, type WireMessage } from '../../shared/ipc';
import type { Logger } from '../../shared/logger';
import type { CoreBackend } from '../backend';

/** Options of `relayRequests`. */
export interface RequestRelayOptions {
  backend: CoreBackend;
  logger: Logger;
  /** Requests of one socket waiting for the core at once; more are answered `busy` (retriable). */
  maxInFlight?: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const textOf = (data: RawData): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : '';

/**
 * Reads every frame of one socket and relays the good ones to the core. Nothing a client sends reaches the core
 * unchecked (`readRequestFrame`: JSON, depth and size, envelope, a known method, its schema) and nothing it sends is
 * answered with anything but data: a fault with a usable id is answered to that id, any other as an `{ error }` frame.
 * The socket stays open; the frame size limit is the socket's own (`maxPayload`, which closes with 1009).
 */
export function relayRequests(ws: WebSocket, options: RequestRelayOptions): void {
  const { backend, logger } = options;
  const maxInFlight = options.maxInFlight ?? 256;
  let inFlight = 0;
  let faults = 0;

  const send = (message: WireMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      // An answer JSON cannot carry (a bug in a handler): the caller still gets data.
      const fault: IpcError = {
        code: 'internal',
        message: `answer not serialisable: ${messageOf(error)}`,
        retriable: false,
      };
      text = JSON.stringify(
        'id' in message ? { id: message.id, result: { ok: false, error: fault } } : { error: fault },
      );
    }
    ws.send(text);
  };
  const refuse = (id: number | null, error: IpcError) => {
    // One line per socket is enough to see an attack or a broken client in the log; the rest is counted.
    if (faults++ === 0) logger.warn({ code: error.code, message: error.message }, 'web: refused a frame');
    send(id === null ? { error } : { id, result: { ok: false, error } });
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary)
      return refuse(null, {
        code: 'binary_frame',
        message: 'binary frames are not accepted; send JSON text',
        retriable: false,
      });
    const frame = readRequestFrame(textOf(data));
    if (!frame.ok) return refuse(frame.id, frame.error);
    const { id, channel, payload } = frame.request;
    if (inFlight >= maxInFlight)
      return refuse(id, {
        code: 'busy',
        message: `more than ${maxInFlight} requests waiting on this connection`,
        retriable: true,
      });
    inFlight++;
    void Promise.resolve()
      .then(() => backend.invoke(channel, payload))
      .catch((error: unknown): IpcResult<unknown> => ({
        ok: false,
        error: { code: 'internal', message: messageOf(error), retriable: false },
      }))
      .then((result) => {
        inFlight--;
        send({ id, result });
      });
  });
  ws.on('close', () => {
    if (faults > 1) logger.warn({ faults }, 'web: a socket closed after refused frames');
  });
}

import type { EventFrame } from './batcher';
import type { IpcResult } from './types';

/** Browser → host: one request. */
export interface WireRequest {
  id: number;
  channel: string;
  payload?: unknown;
}

/** Host → browser: an answer, or a batch of events. */
export type WireMessage = { id: number; result: IpcResult<unknown> } | { events: EventFrame[] };

/** Largest frame either side accepts (settings and replayed values are the big ones). */
export const WIRE_MAX_BYTES = 8 * 1024 * 1024;

/** The WebSocket path the host listens on. */
export const WIRE_PATH = '/api';

import type { EventFrame } from './batcher';
import type { IpcError, IpcResult } from './types';

/** Browser → host: one request. */
export interface WireRequest {
  id: number;
  channel: string;
  payload?: unknown;
}

/**
 * Host → browser: an answer, a batch of events, or an error about a frame that had no id to answer to (not JSON, not
 * an object, binary).
 */
export type WireMessage = { id: number; result: IpcResult<unknown> } | { events: EventFrame[] } | { error: IpcError };

/** Largest frame either side accepts (settings and replayed values are the big ones). */
export const WIRE_MAX_BYTES = 8 * 1024 * 1024;

/** The WebSocket path the host listens on. */
export const WIRE_PATH = '/api';

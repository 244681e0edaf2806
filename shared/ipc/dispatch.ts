import type { z } from 'zod';
import type { DomainContract, MethodSpec, ResponseOf } from './contract';
import { checkPayloadShape, validateSafely } from './frame';
import type { Contract } from './contracts';
import type { IpcResult } from './types';

type Handler<M> =
  M extends MethodSpec<infer Req, unknown> ? (request: z.output<Req>) => Promise<IpcResult<ResponseOf<M>>> : never;
type DomainHandlers<D extends DomainContract> = { [K in keyof D['methods']]: Handler<D['methods'][K]> };

/** The host side of the contract: one handler per request, receiving an already validated payload. */
export type Handlers = { [D in keyof Contract]: DomainHandlers<Contract[D]> };

/** Turns handlers into one `dispatch(channel, payload)` that validates first and never throws. */
export function createDispatcher(
  handlers: Handlers,
): (channel: string, payload: unknown) => Promise<IpcResult<unknown>> {
  return async (channel, payload) => {
    // The host checked this already; checking again here means no host (IPC, socket, test) can hand a handler a value
    // too deep to copy or carrying `__proto__`, and no schema can throw on one.
    const shape = checkPayloadShape(payload);
    if (shape) return { ok: false, error: shape };
    const valid = validateSafely(channel, payload);
    if (!valid.ok) return valid;
    const [domain = '', name = ''] = channel.split(':');
    const domainHandlers = (
      handlers as unknown as Record<string, Record<string, (r: unknown) => Promise<IpcResult<unknown>>>>
    )[domain];
    const handler = domainHandlers?.[name];
    if (!handler)
      return { ok: false, error: { code: 'unknown_channel', message: `no handler for ${channel}`, retriable: false } };
    try {
      return await handler(valid.value);
    } catch (error) {
      // A handler that throws is a bug in the host; the caller still gets data, not a dropped promise.
      return {
        ok: false,
        error: { code: 'internal', message: error instanceof Error ? error.message : String(error), retriable: false },
      };
    }
  };
}

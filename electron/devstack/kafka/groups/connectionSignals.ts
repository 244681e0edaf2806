// An abort signal per client connection, for requests that wait (JoinGroup, SyncGroup). The broker may hand
// handlers `ctx.signal` itself; where it does not, the plug-in's connectionClosed hook aborts these instead.
import type { RequestContext } from '../apis/types';

export interface ConnectionSignals {
  /** The signal that aborts when this request's connection closes. */
  signalFor(ctx: RequestContext): AbortSignal;
  /** Aborts and forgets the connection's signal (ApiHandlerSet.connectionClosed). */
  closed(connectionId: number): void;
  /** Aborts every signal (the broker is closing). */
  closeAll(): void;
}

export function createConnectionSignals(): ConnectionSignals {
  const controllers = new Map<number, AbortController>();
  return {
    signalFor(ctx) {
      if (ctx.signal) return ctx.signal;
      let controller = controllers.get(ctx.connectionId);
      if (!controller) {
        controller = new AbortController();
        controllers.set(ctx.connectionId, controller);
      }
      return controller.signal;
    },
    closed(connectionId) {
      controllers.get(connectionId)?.abort();
      controllers.delete(connectionId);
    },
    closeAll() {
      for (const controller of controllers.values()) controller.abort();
      controllers.clear();
    },
  };
}

import type { CoreEvents } from './types';

type Listener<E extends keyof CoreEvents> = (payload: CoreEvents[E]) => void;

const APPEND = new Set<keyof CoreEvents>(['users', 'errors', 'logs']);

/**
 * Users per event: the live feed shows the newest 50, and the rest would only be cloned to the host, serialised and
 * dropped by the renderer (at 3k users/s that was most of the host's work).
 */
export const USERS_PER_EVENT = 50;

/**
 * Batches Core events at the source: at most one event per kind every `intervalMs` (100 ms = 10/s). List kinds
 * (users, errors, logs) concatenate and keep the newest `maxItems`; the others keep only the latest payload.
 */
export function createCoreEventBatcher(intervalMs = 100, maxItems = 200) {
  const listeners = new Map<keyof CoreEvents, Set<Listener<keyof CoreEvents>>>();
  const pending = new Map<keyof CoreEvents, unknown>();
  const lastSent = new Map<keyof CoreEvents, number>();
  const timers = new Map<keyof CoreEvents, NodeJS.Timeout>();
  let closed = false;
  const capOf = (event: keyof CoreEvents) => (event === 'users' ? Math.min(maxItems, USERS_PER_EVENT) : maxItems);

  const flush = (event: keyof CoreEvents) => {
    timers.delete(event);
    if (!pending.has(event)) return;
    let payload = pending.get(event);
    pending.delete(event);
    const cap = capOf(event);
    if (Array.isArray(payload) && payload.length > cap) payload = payload.slice(-cap);
    lastSent.set(event, Date.now());
    for (const l of listeners.get(event) ?? []) l(payload as never);
  };

  return {
    on<E extends keyof CoreEvents>(event: E, listener: Listener<E>): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener<keyof CoreEvents>);
      return () => set.delete(listener as Listener<keyof CoreEvents>);
    },
    push<E extends keyof CoreEvents>(event: E, payload: CoreEvents[E]): void {
      if (closed || !listeners.get(event)?.size) return;
      if (APPEND.has(event)) {
        // Appended in place and trimmed in chunks: this runs once per written user at full throughput.
        let list = pending.get(event) as unknown[] | undefined;
        if (!list) pending.set(event, (list = []));
        for (const item of payload as unknown[]) list.push(item);
        if (list.length > capOf(event) * 2) list.splice(0, list.length - capOf(event));
      } else pending.set(event, payload);
      if (timers.has(event)) return;
      const wait = Math.max(0, (lastSent.get(event) ?? -Infinity) + intervalMs - Date.now());
      timers.set(
        event,
        setTimeout(() => flush(event), wait),
      );
    },
    close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      listeners.clear();
    },
  };
}

/** The core's event hub (see `createCoreEventBatcher`). */
export type CoreEventBatcher = ReturnType<typeof createCoreEventBatcher>;

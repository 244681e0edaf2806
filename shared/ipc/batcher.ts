import { EVENT_CHANNELS } from './channels';

/** One batched event on the wire: channel and payload. */
export type EventFrame = [channel: string, payload: unknown];

/** Options of `createEventBatcher`. */
export interface EventBatcherOptions {
  /** At most one flush per interval (100 ms = 10 per second). */
  intervalMs?: number;
  /** Cap on the items kept for an `append` event between flushes; the newest win. */
  maxItems?: number;
  flush(frames: EventFrame[]): void;
}

/** The batcher: push events at any rate, flushes come at most once per interval. */
export interface EventBatcher {
  push(channel: string, payload: unknown): void;
  close(): void;
}

/**
 * Coalesces events at the source so a host sends at most ~10 frames a second whatever the throughput: `latest` events
 * keep the newest payload, `append` events concatenate their lists (capped). The first event after a quiet spell goes
 * out at once, so the UI stays prompt when little happens.
 */
export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const intervalMs = options.intervalMs ?? 100;
  const maxItems = options.maxItems ?? 200;
  if (!(intervalMs > 0)) throw new Error('createEventBatcher: intervalMs must be > 0');
  if (!(maxItems > 0)) throw new Error('createEventBatcher: maxItems must be > 0');
  const pending = new Map<string, unknown>();
  let lastFlush = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || pending.size === 0) return;
    lastFlush = Date.now();
    const frames: EventFrame[] = [...pending.entries()];
    pending.clear();
    options.flush(frames);
  };

  return {
    push(channel, payload) {
      if (closed) return;
      const spec = EVENT_CHANNELS.get(channel);
      if (!spec) throw new Error(`unknown event channel: ${channel}`);
      if (spec.merge === 'append' && Array.isArray(payload)) {
        const before = pending.get(channel);
        const merged = Array.isArray(before) ? [...before, ...payload] : [...payload];
        pending.set(channel, merged.length > maxItems ? merged.slice(-maxItems) : merged);
      } else {
        pending.set(channel, payload);
      }
      if (timer === null) timer = setTimeout(flush, Math.max(0, lastFlush + intervalMs - Date.now()));
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}

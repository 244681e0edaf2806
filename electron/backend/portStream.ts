// Export chunks between the core's worker and the app host over a MessagePort of their own, pulled: the worker reads
// the next chunk only when the host asks, and the host asks for one ahead of what it is writing. So a slow download
// holds back the scan instead of filling memory, and either side stopping ends the other.
import type { MessagePort } from 'node:worker_threads';

type PortMessage = { chunk: Uint8Array } | { done: true } | { error: string };

/** Worker side: answers each 'pull' with the next chunk, 'cancel' with `return()` on the source. */
export function serveChunks(port: MessagePort, chunks: AsyncGenerator<Uint8Array, void, undefined>): void {
  let ended = false;
  const end = () => {
    ended = true;
    port.close();
  };
  port.on('message', (message: unknown) => {
    if (ended) return;
    if (message === 'cancel') {
      void chunks.return(undefined).finally(end);
      return;
    }
    void chunks.next().then(
      (next) => {
        if (ended) return;
        if (next.done) {
          port.postMessage({ done: true } satisfies PortMessage);
          return end();
        }
        const chunk = next.value;
        // Only a buffer the chunk owns whole is transferred; a pooled one is copied.
        const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
        port.postMessage({ chunk } satisfies PortMessage, own ? [chunk.buffer as ArrayBuffer] : []);
      },
      (error: unknown) => {
        if (ended) return;
        port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies PortMessage);
        end();
      },
    );
  });
  port.on('close', () => {
    // The host went away without a word (its thread ended): stop the source.
    if (!ended) void chunks.return(undefined).finally(() => (ended = true));
  });
}

/** Host side: the chunks as an async generator; stopping early (`return()`, a throw) cancels the worker's source. */
export async function* readChunks(port: MessagePort): AsyncGenerator<Uint8Array, void, undefined> {
  const inbox: PortMessage[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  port.on('message', (message: PortMessage) => {
    inbox.push(message);
    wake?.();
  });
  port.on('close', () => {
    closed = true;
    wake?.();
  });
  let finished = false;
  try {
    port.postMessage('pull');
    for (;;) {
      while (inbox.length === 0) {
        if (closed) throw new Error('the core stopped before the export finished');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      const message = inbox.shift()!;
      if ('error' in message) {
        finished = true;
        throw new Error(message.error);
      }
      if ('done' in message) {
        finished = true;
        return;
      }
      port.postMessage('pull');
      yield message.chunk;
    }
  } finally {
    if (!finished && !closed) port.postMessage('cancel');
    else port.close();
  }
}

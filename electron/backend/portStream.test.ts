import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readChunks, serveChunks } from './portStream';

/** A source that counts how far it was pulled and whether it was stopped. */
function source(total: number) {
  const state = { produced: 0, stopped: false };
  async function* chunks() {
    try {
      for (let i = 0; i < total; i++) {
        state.produced++;
        yield Buffer.from(`chunk ${i}\n`.padEnd(5000, '.'));
      }
    } finally {
      state.stopped = true;
    }
  }
  return { state, chunks: chunks() };
}

describe('export chunks over a MessagePort', () => {
  it('delivers every chunk in order, pulled: the source runs at most one chunk ahead of the reader', async () => {
    const { port1, port2 } = new MessageChannel();
    const { state, chunks } = source(20);
    serveChunks(port2, chunks);
    const seen: string[] = [];
    for await (const chunk of readChunks(port1)) {
      seen.push(Buffer.from(chunk).toString().split('\n')[0]!);
      // The reader holds this chunk: the source may have made the next one, not more.
      expect(state.produced).toBeLessThanOrEqual(seen.length + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `chunk ${i}`));
    expect(state.stopped).toBe(true);
  });

  it('a reader that stops early stops the source', async () => {
    const { port1, port2 } = new MessageChannel();
    const { state, chunks } = source(1000);
    serveChunks(port2, chunks);
    const reader = readChunks(port1);
    await reader.next();
    await reader.return(undefined);
    await expect.poll(() => state.stopped).toBe(true);
    expect(state.produced).toBeLessThan(5);
  });

  it('a failing source fails the reader with its message', async () => {
    const { port1, port2 } = new MessageChannel();
    async function* failing() {
      yield Buffer.from('one');
      throw new Error('read timeout');
    }
    serveChunks(port2, failing());
    const reader = readChunks(port1);
    await reader.next();
    await expect(reader.next()).rejects.toThrow('read timeout');
  });
});

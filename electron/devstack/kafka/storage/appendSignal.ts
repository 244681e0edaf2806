// Wakes long-polling fetches when data arrives on a partition they wait for.

/** Key of one partition in the signal. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export class AppendSignal {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves on the first append to any of `keys`, after `timeoutMs`, or when `abort` fires; whichever comes first. */
  wait(keys: string[], timeoutMs: number, abort: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        abort.removeEventListener('abort', done);
        for (const key of keys) {
          const set = this.waiters.get(key);
          if (!set) continue;
          set.delete(done);
          if (set.size === 0) this.waiters.delete(key);
        }
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      if (abort.aborted) return done();
      abort.addEventListener('abort', done);
      for (const key of keys) {
        let set = this.waiters.get(key);
        if (!set) this.waiters.set(key, (set = new Set()));
        set.add(done);
      }
    });
  }

  notify(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    for (const done of [...set]) done();
  }
}

/** A fixed-capacity ring buffer: pushing past capacity drops the oldest item. */
export interface Ring<T> {
  push(item: T): void;
  /** Oldest first. */
  toArray(): T[];
  readonly size: number;
  readonly capacity: number;
  clear(): void;
}

export function createRing<T>(capacity: number): Ring<T> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`createRing: capacity must be ≥ 1, got ${capacity}`);
  const items: (T | undefined)[] = new Array<T | undefined>(capacity);
  let start = 0;
  let size = 0;
  return {
    capacity,
    get size() {
      return size;
    },
    push(item) {
      items[(start + size) % capacity] = item;
      if (size < capacity) size++;
      else start = (start + 1) % capacity;
    },
    toArray() {
      const out: T[] = [];
      for (let i = 0; i < size; i++) out.push(items[(start + i) % capacity] as T);
      return out;
    },
    clear() {
      items.fill(undefined);
      start = 0;
      size = 0;
    },
  };
}

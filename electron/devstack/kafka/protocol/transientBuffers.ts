// Memory that is reused once the request it carried has been handled (the connection's Produce assembly buffer).
// Whatever a handler keeps beyond its request must be copied out of such a buffer; storage checks with
// isTransient() before keeping a view.
const transient = new WeakSet<ArrayBufferLike>();

/** Marks `memory` as reused after each request; views into it must not be kept. */
export function markTransient(memory: ArrayBufferLike): void {
  transient.add(memory);
}

/** Whether `view` lies in memory that is reused after the current request. */
export function isTransient(view: Uint8Array): boolean {
  return transient.has(view.buffer);
}

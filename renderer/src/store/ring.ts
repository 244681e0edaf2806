/** Appends and keeps the newest `max` items: the bounded buffers behind the feed, errors, logs and charts. */
export function appendBounded<T>(list: readonly T[], items: readonly T[], max: number): T[] {
  if (items.length === 0) return list as T[];
  const merged = list.concat(items);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

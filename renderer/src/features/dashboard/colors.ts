/** One colour per meaning, used by tiles, charts and badges alike (CSS variables, so both themes pass contrast). */
export const MEANING = {
  consumed: 'var(--consumed)',
  written: 'var(--written)',
  rejected: 'var(--rejected)',
  lag: 'var(--lag)',
  latency: 'var(--latency)',
} as const;

/** Colours for per-partition lines, distinct from the meanings above. */
export const PARTITION_COLORS = [
  'var(--lag)',
  'var(--p1)',
  'var(--p2)',
  'var(--p3)',
  'var(--p4)',
  'var(--p5)',
] as const;

/** The next "nice" number at or above `n`: 1, 2, 5 × 10^k. */
export function niceCeil(n: number): number {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/**
 * A y-axis maximum that doesn't jump on every tick: it grows to the next nice number when data exceeds it, and only
 * shrinks when the data fell below a quarter of it (hysteresis), so a steady stream keeps a steady axis.
 */
export function stableMax(previous: number | null, dataMax: number): number {
  const target = niceCeil(dataMax * 1.1);
  if (previous === null) return target;
  if (dataMax > previous) return target;
  if (dataMax < previous / 4) return target;
  return previous;
}

/** Evenly spaced round ticks from 0 to `max` (a nice number): fifths, or whole steps for tiny axes. */
export function axisTicks(max: number): number[] {
  const step = max >= 5 ? max / 5 : max >= 1 ? 1 : max / 5;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

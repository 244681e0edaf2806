import type { MetricsSnapshot } from '../../../../shared/metrics';

/**
 * Seconds until the lag is consumed at the current pace: lag ÷ (consume rate − arrival rate), where arrivals are the
 * growth of the high watermarks over the window. `0` when caught up, `Infinity` when the lag isn't shrinking.
 */
export function timeToDrain(history: readonly MetricsSnapshot[], windowSize = 30): number {
  const last = history.at(-1);
  if (!last) return Infinity;
  if (last.totalLag <= 0) return 0;
  const first = history[Math.max(0, history.length - windowSize)];
  if (!first || first === last) return Infinity;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0) return Infinity;
  const hw = (s: MetricsSnapshot) => s.partitions.reduce((sum, p) => sum + p.highWatermark, 0);
  const arrival = (hw(last) - hw(first)) / seconds;
  const consumed = (last.consumed.total - first.consumed.total) / seconds;
  const net = consumed - arrival;
  return net > 0 ? last.totalLag / net : Infinity;
}

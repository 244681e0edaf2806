/** How a chart's y-axis is sized: to the data, or to most of it with the outliers clipped (and marked). */
export interface ChartScale {
  /** The largest value the axis must show. */
  max: number;
  /** True when points above `max` exist and are drawn clipped at the top, with a mark. */
  clipped: boolean;
  /** The largest value in the data (shown on the mark). */
  peak: number;
}

/** Outliers are clipped only when the peak is this many times the bulk of the data. */
const CLIP_RATIO = 4;
/** The bulk of the data: this quantile of the values on screen. */
const BULK_QUANTILE = 0.95;

/**
 * Sizes an axis to what is on screen, but not to a few outliers: a start-up backlog that drained at 3,000/s must not
 * flatten a steady 5/s into the floor for the next fifteen minutes. When the peak is more than CLIP_RATIO times the
 * 95th percentile, the axis follows the percentile (with headroom) and the chart marks the clipped points.
 */
export function chartScale(values: readonly number[]): ChartScale {
  let peak = 0;
  for (const v of values) if (v > peak) peak = v;
  if (values.length < 20 || peak === 0) return { max: peak, clipped: false, peak };
  const sorted = [...values].sort((a, b) => a - b);
  const bulk = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * BULK_QUANTILE))] ?? peak;
  // A bulk of zeros (an idle stream) keeps the data's own scale: there is nothing steady to flatten.
  if (bulk > 0 && peak > bulk * CLIP_RATIO) return { max: bulk * 1.5, clipped: true, peak };
  return { max: peak, clipped: false, peak };
}

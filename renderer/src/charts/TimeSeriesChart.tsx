import { memo, useMemo, useRef, type ReactNode } from 'react';
import { LineChartSvg, type ChartMarker, type Series } from './LineChartSvg';
import { chartScale } from './scaleMax';
import { axisTicks, stableMax } from './stableAxis';

export type { ChartMarker, Series };

/** Props of `TimeSeriesChart`. */
export interface TimeSeriesChartProps {
  title: string;
  unit: string;
  data: readonly Record<string, number | null>[];
  series: readonly Series[];
  formatValue(value: number): string;
  /** Shown instead of the chart when there is no data yet. */
  emptyText: string;
  height?: number;
  /** A short note beside the title (e.g. "Drains in about 2 min"); wraps below it when the panel is narrow. */
  note?: ReactNode;
  /** Vertical lines at these moments (the group's rebalances), with what happened on hover. */
  markers?: readonly ChartMarker[];
}

/** A line chart over time with a unit, a legend, a tooltip and a y-axis that stays put. */
export const TimeSeriesChart = memo(function TimeSeriesChart({
  title,
  unit,
  data,
  series,
  formatValue,
  emptyText,
  height = 180,
  note,
  markers,
}: TimeSeriesChartProps) {
  const maxRef = useRef<number | null>(null);
  const { yMax, peak } = useMemo(() => {
    const values: number[] = [];
    for (const point of data)
      for (const s of series) {
        const v = point[s.key];
        if (v !== null && v !== undefined) values.push(v);
      }
    // Sized to what is on screen, outliers clipped (and marked), so a start-up spike doesn't flatten the rest.
    const scale = chartScale(values);
    maxRef.current = stableMax(maxRef.current, scale.max);
    return { yMax: maxRef.current, peak: scale.peak > maxRef.current ? scale.peak : null };
  }, [data, series]);
  return (
    <figure className="panel chart" aria-label={`${title} (${unit})`}>
      <figcaption className="panel-title chart-head">
        <span>
          {title} <span className="unit">{unit}</span>
        </span>
        {note ? <span className="chart-note">{note}</span> : null}
      </figcaption>
      {data.length < 2 ? (
        <div className="empty" style={{ height }}>
          {emptyText}
        </div>
      ) : (
        <LineChartSvg
          data={data}
          series={series}
          yMax={yMax}
          yTicks={axisTicks(yMax)}
          unit={unit}
          formatValue={formatValue}
          height={height}
          peak={peak}
          {...(markers ? { markers } : {})}
        />
      )}
    </figure>
  );
});

import { memo, useMemo, useRef } from 'react';
import { LineChartSvg, type Series } from './LineChartSvg';
import { axisTicks, stableMax } from './stableAxis';

export type { Series };

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
}: TimeSeriesChartProps) {
  const maxRef = useRef<number | null>(null);
  const yMax = useMemo(() => {
    let dataMax = 0;
    for (const point of data) for (const s of series) dataMax = Math.max(dataMax, point[s.key] ?? 0);
    maxRef.current = stableMax(maxRef.current, dataMax);
    return maxRef.current;
  }, [data, series]);
  return (
    <figure className="panel chart" aria-label={`${title} (${unit})`}>
      <figcaption className="panel-title">
        {title} <span className="unit">{unit}</span>
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
        />
      )}
    </figure>
  );
});

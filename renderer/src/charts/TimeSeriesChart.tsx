import { useMemo, useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '../components/format';
import { axisTicks, stableMax } from './stableAxis';

/** One line of a chart: which field, its label and its meaning's colour. */
export interface Series {
  key: string;
  label: string;
  color: string;
}

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
export function TimeSeriesChart({
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
        <div style={{ height }}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={data as Record<string, number | null>[]}
              margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
            >
              <CartesianGrid stroke="var(--grid)" vertical={false} />
              <XAxis
                dataKey="at"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(v: number) => formatClock(v)}
                stroke="var(--muted)"
                fontSize={11}
                minTickGap={48}
                interval="preserveStartEnd"
              />
              <YAxis
                domain={[0, yMax]}
                ticks={axisTicks(yMax)}
                tickFormatter={formatValue}
                stroke="var(--muted)"
                fontSize={11}
                width={52}
                allowDataOverflow
              />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(v) => formatClock(Number(v))}
                formatter={(value, name) => [`${formatValue(Number(value))} ${unit}`, name]}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
              />
              <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
              {series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  dot={false}
                  strokeWidth={1.8}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

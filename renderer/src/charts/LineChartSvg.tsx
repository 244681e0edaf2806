import { useEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { formatClock } from '../components/format';

/** One line: the field it plots, its legend label and its meaning's colour. */
export interface Series {
  key: string;
  label: string;
  color: string;
}

/** Props of `LineChartSvg`. */
export interface LineChartSvgProps {
  data: readonly Record<string, number | null>[];
  series: readonly Series[];
  yMax: number;
  yTicks: readonly number[];
  unit: string;
  formatValue(value: number): string;
  height: number;
  /** Set when values above `yMax` are drawn clipped: the largest of them, written on the mark. */
  peak?: number | null;
  /** Moments to mark with a vertical line (e.g. the group's rebalances), each with what happened. */
  markers?: readonly ChartMarker[];
}

/** A moment on a chart's time axis. */
export interface ChartMarker {
  at: number;
  label: string;
}

const PAD = { left: 48, right: 12, top: 8, bottom: 22 };
/** The element's width in CSS pixels, following resizes, so the SVG draws 1:1 and its text is never stretched. */
function useWidth(ref: RefObject<HTMLDivElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(200, Math.round(element.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * A plain SVG line chart: a few hundred DOM nodes redrawn once a second, far cheaper than a general chart library
 * (which cost 100+ ms per redraw here and showed up as renderer long tasks under load).
 */
export function LineChartSvg({
  data,
  series,
  yMax,
  yTicks,
  unit,
  formatValue,
  height,
  peak = null,
  markers = [],
}: LineChartSvgProps) {
  const [hover, setHover] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 640);
  const t0 = data[0]?.at ?? 0;
  const t1 = data.at(-1)?.at ?? 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + plotH - (Math.min(v, yMax) / yMax) * plotH;

  const paths = useMemo(
    () =>
      series.map((s) => {
        let d = '';
        let pen = false;
        for (const point of data) {
          const v = point[s.key];
          if (v === null || v === undefined || point.at === null || point.at === undefined) {
            pen = false;
            continue;
          }
          d += `${pen ? 'L' : 'M'}${x(point.at).toFixed(1)},${y(v).toFixed(1)}`;
          pen = true;
        }
        return { ...s, d };
      }),
    // x and y derive from data, yMax and height only.
    [data, series, yMax, height, width],
  );
  /** Clipped points: a small triangle at the top per point (one path per series), and where the peak is. */
  const clips = useMemo(() => {
    if (peak === null) return null;
    let peakX = PAD.left;
    const marks = series.map((s) => {
      let d = '';
      for (const point of data) {
        const v = point[s.key];
        if (v === null || v === undefined || v <= yMax || point.at === null || point.at === undefined) continue;
        const px = x(point.at);
        if (v === peak) peakX = px;
        d += `M${(px - 3).toFixed(1)},${PAD.top + 5}L${px.toFixed(1)},${PAD.top - 1}L${(px + 3).toFixed(1)},${PAD.top + 5}Z`;
      }
      return { key: s.key, color: s.color, d };
    });
    return { marks, peakX };
    // x derives from data, width and height only.
  }, [data, series, yMax, peak, width, height]);
  const xTicks = useMemo(() => {
    // About one label per 130 px, so narrow charts don't overlap their times.
    const n = Math.max(1, Math.min(4, Math.floor((width - PAD.left - PAD.right) / 130)));
    return Array.from({ length: n + 1 }, (_, i) => t0 + ((t1 - t0) * i) / n);
  }, [t0, t1, width]);

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const rect = svg.current?.getBoundingClientRect();
    if (!rect || data.length === 0) return;
    const t = t0 + ((((event.clientX - rect.left) / rect.width) * width - PAD.left) / plotW) * (t1 - t0);
    let best = 0;
    for (let i = 1; i < data.length; i++)
      if (Math.abs((data[i]?.at ?? 0) - t) < Math.abs((data[best]?.at ?? 0) - t)) best = i;
    setHover(best);
  };
  const hovered = hover !== null ? data[hover] : undefined;

  return (
    <div className="svg-chart" ref={box}>
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="none"
        height={height}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        role="img"
        aria-label={`${series.map((s) => s.label).join(', ')} in ${unit}`}
      >
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--grid)" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis-text">
              {formatValue(v)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={i}
            x={x(t)}
            y={height - 6}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            className="axis-text"
          >
            {formatClock(t)}
          </text>
        ))}
        {markers
          .filter((m) => m.at >= t0 && m.at <= t1)
          .map((m) => (
            <line
              key={m.at}
              className="chart-marker"
              data-testid="chart-marker"
              x1={x(m.at)}
              x2={x(m.at)}
              y1={PAD.top}
              y2={PAD.top + plotH}
              strokeDasharray="2 3"
            >
              <title>{m.label}</title>
            </line>
          ))}
        {paths.map((p) => (
          <path key={p.key} className="recharts-line-curve" d={p.d} fill="none" stroke={p.color} strokeWidth={1.8} />
        ))}
        {clips && peak !== null ? (
          <g aria-label={`values above ${formatValue(yMax)} ${unit} are clipped; peak ${formatValue(peak)} ${unit}`}>
            {clips.marks.map((m) => (
              <path key={m.key} d={m.d} fill={m.color} />
            ))}
            <text
              x={Math.min(Math.max(clips.peakX, PAD.left + 60), width - PAD.right - 60)}
              y={PAD.top + 16}
              textAnchor="middle"
              className="axis-text clip-label"
            >
              ▲ peak {formatValue(peak)} {unit}
            </text>
          </g>
        ) : null}
        {hovered?.at !== undefined && hovered.at !== null ? (
          <line
            x1={x(hovered.at)}
            x2={x(hovered.at)}
            y1={PAD.top}
            y2={PAD.top + plotH}
            stroke="var(--muted)"
            strokeDasharray="3 3"
          />
        ) : null}
      </svg>
      {hovered?.at !== undefined && hovered.at !== null ? (
        <div className="chart-tooltip" role="tooltip" style={{ left: `${(x(hovered.at) / width) * 100}%` }}>
          <div className="muted">{formatClock(hovered.at)}</div>
          {series.map((s) => {
            const v = hovered[s.key];
            return (
              <div key={s.key}>
                <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}:{' '}
                <strong>{v === null || v === undefined ? '—' : `${formatValue(v)} ${unit}`}</strong>
              </div>
            );
          })}
        </div>
      ) : null}
      <ul className="legend" aria-label="Legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useMemo } from 'react';
import { Sparkline } from '../../components/Sparkline';
import { Tile } from '../../components/Tile';
import { formatCount, formatExact, formatMs, formatRate } from '../../components/format';
import { useAppStore } from '../../store/StoreContext';
import { MEANING } from './colors';
import { p99Of } from './p99';

/** The six headline figures, each with a one-minute sparkline. */
export function MetricTiles() {
  const metrics = useAppStore((s) => s.metrics);
  const last = metrics.at(-1);
  const recent = useMemo(() => metrics.slice(-60), [metrics]);
  const series = (f: (m: (typeof metrics)[number]) => number) => recent.map(f);
  return (
    <div className="tiles">
      <Tile
        label="Users ingested"
        value={last ? formatCount(last.written.total) : '—'}
        exact={last ? formatExact(last.written.total) : undefined}
        tone="written"
        trend={<Sparkline values={series((m) => m.written.total)} color={MEANING.written} />}
      />
      <Tile
        label="In"
        value={last ? formatRate(last.consumed.perSecond) : '—'}
        exact={last ? `${formatExact(last.consumed.perSecond)} messages per second` : undefined}
        tone="consumed"
        trend={<Sparkline values={series((m) => m.consumed.perSecond)} color={MEANING.consumed} />}
      />
      <Tile
        label="Written"
        value={last ? formatRate(last.written.perSecond) : '—'}
        exact={last ? `${formatExact(last.written.perSecond)} rows per second` : undefined}
        tone="written"
        trend={<Sparkline values={series((m) => m.written.perSecond)} color={MEANING.written} />}
      />
      <Tile
        label="Rejected"
        value={last ? formatCount(last.rejected.total) : '—'}
        exact={last ? `${formatExact(last.rejected.total)} messages rejected` : undefined}
        tone="rejected"
        trend={<Sparkline values={series((m) => m.rejected.total)} color={MEANING.rejected} />}
      />
      <Tile
        label="Total lag"
        value={last ? formatCount(last.totalLag) : '—'}
        exact={last ? `${formatExact(last.totalLag)} messages behind` : undefined}
        unit="msgs"
        tone="lag"
        trend={<Sparkline values={series((m) => m.totalLag)} color={MEANING.lag} />}
      />
      <Tile
        label={last?.fleet ? 'p99 latency (slowest worker)' : 'p99 latency'}
        value={p99Of(last) === null ? '—' : formatMs(p99Of(last)!)}
        exact={
          last?.fleet
            ? `the highest p99 among ${last.fleet.workers} live workers' heartbeats`
            : last?.latencyMs
              ? `p50 ${formatMs(last.latencyMs.p50)}, p95 ${formatMs(last.latencyMs.p95)}`
              : 'nothing written in the last interval'
        }
        tone="latency"
        trend={<Sparkline values={series((m) => p99Of(m) ?? 0)} color={MEANING.latency} />}
      />
    </div>
  );
}

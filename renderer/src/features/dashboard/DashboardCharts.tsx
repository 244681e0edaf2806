import { useDeferredValue, useMemo } from 'react';
import { TimeSeriesChart } from '../../charts/TimeSeriesChart';
import { formatCount, formatDuration } from '../../components/format';
import { useAppStore } from '../../store/StoreContext';
import { MEANING, PARTITION_COLORS } from './colors';
import { p99Of } from './p99';
import { timeToDrain } from './drain';
import { describeRebalance } from './rebalances';
import { Rebalances } from './Rebalances';
import { useRebalances } from './useRebalances';

const WINDOW_MS = 15 * 60 * 1000;
const ms = (v: number) => String(Math.round(v));

/** Throughput, lag per partition (with time to drain) and latency over the last 15 minutes, and the rebalances. */
export function DashboardCharts() {
  // Charts re-render in a deferred, time-sliced pass so a redraw never blocks input or the live feed (long tasks).
  const metrics = useDeferredValue(useAppStore((s) => s.metrics));
  const windowed = useMemo(() => {
    const since = (metrics.at(-1)?.at ?? 0) - WINDOW_MS;
    return metrics.filter((m) => m.at >= since);
  }, [metrics]);
  const throughput = useMemo(
    () =>
      windowed.map((m) => ({
        at: m.at,
        consumed: m.consumed.perSecond,
        written: m.written.perSecond,
        rejected: m.rejected.perSecond,
      })),
    [windowed],
  );
  const partitions = useMemo(
    () => [...new Set(windowed.flatMap((m) => m.partitions.map((p) => `${p.topic}/${p.partition}`)))].slice(0, 6),
    [windowed],
  );
  const lag = useMemo(
    () =>
      windowed.map((m) => {
        const point: Record<string, number | null> = { at: m.at };
        for (const p of m.partitions) point[`${p.topic}/${p.partition}`] = p.lag;
        return point;
      }),
    [windowed],
  );
  const latency = useMemo(
    () =>
      windowed.map((m) => ({
        at: m.at,
        p50: m.latencyMs?.p50 ?? null,
        p95: m.latencyMs?.p95 ?? null,
        p99: p99Of(m),
      })),
    [windowed],
  );
  const rebalances = useRebalances();
  const markers = useMemo(
    () => rebalances.map((r) => ({ at: r.at, label: `Rebalance: ${describeRebalance(r)}` })),
    [rebalances],
  );
  const drain = timeToDrain(metrics);
  const empty = 'Waiting for the first metrics…';
  return (
    <div className="charts">
      <TimeSeriesChart
        title="Throughput"
        unit="msg/s"
        data={throughput}
        formatValue={formatCount}
        emptyText={empty}
        markers={markers}
        series={[
          { key: 'consumed', label: 'Consumed', color: MEANING.consumed },
          { key: 'written', label: 'Written', color: MEANING.written },
          { key: 'rejected', label: 'Rejected', color: MEANING.rejected },
        ]}
      />
      <TimeSeriesChart
        title="Lag per partition"
        unit="messages"
        data={lag}
        formatValue={formatCount}
        emptyText={empty}
        markers={markers}
        series={partitions.map((key, i) => ({
          key,
          label: key,
          color: PARTITION_COLORS[i % PARTITION_COLORS.length] ?? MEANING.lag,
        }))}
        note={
          <span aria-label="Time to drain">
            {drain === 0
              ? 'Caught up'
              : drain === Infinity
                ? 'Lag is not shrinking at the current pace'
                : `Drains in about ${formatDuration(drain)}`}
          </span>
        }
      />
      <TimeSeriesChart
        title="Latency"
        unit="ms"
        data={latency}
        formatValue={ms}
        emptyText={empty}
        series={[
          { key: 'p50', label: 'p50', color: 'var(--p2)' },
          { key: 'p95', label: 'p95', color: 'var(--p1)' },
          { key: 'p99', label: 'p99', color: MEANING.latency },
        ]}
      />
      <Rebalances rebalances={rebalances} />
    </div>
  );
}

import type { MetricsSnapshot } from '../../../shared/metrics';
import type { PipelineStatus } from '../../../shared/pipelineState';

/** 12.4k, 3.1M: the short form a status line has room for. */
export function shortNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** One line: state, write rate, totals, lag, rejected, in flight, p99. */
export function formatStatusLine(status: PipelineStatus, m: MetricsSnapshot | null): string {
  const state = status.reason && status.state !== 'running' ? `${status.state} (${status.reason})` : status.state;
  if (!m) return state;
  const p99 = m.latencyMs ? ` · p99 ${Math.round(m.latencyMs.p99)}ms` : '';
  return (
    `${state} · ${shortNumber(m.written.perSecond)}/s · written ${shortNumber(m.written.total)} · ` +
    `rejected ${shortNumber(m.rejected.total)} · lag ${shortNumber(m.totalLag)} · in flight ${m.inFlightWrites}${p99}`
  );
}

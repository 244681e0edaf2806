import { EmptyState } from '../../components/EmptyState';
import { StateBadge } from '../../components/StateBadge';
import { formatAgo, formatCount, formatExact, formatMs, formatRate } from '../../components/format';
import { useNow } from '../../components/useNow';
import { LivenessBadge } from './LivenessBadge';
import { useFleet } from './useFleet';

/** Every worker of the group: members as Kafka reports them, joined with their heartbeats. */
export function WorkersView() {
  const { view, error } = useFleet();
  const now = useNow(1000);
  if (error) return <EmptyState>Could not read the workers: {error}</EmptyState>;
  if (!view) return <EmptyState>Reading the group…</EmptyState>;
  const assigned = new Set(view.workers.filter((w) => w.inGroup).flatMap((w) => w.partitions)).size;
  const stale = view.workers.filter((w) => w.liveness === 'stale').length;
  return (
    <div className="workers">
      <p className="muted" data-testid="fleet-summary">
        Group <strong>{view.groupId}</strong> on <strong>{view.topic}</strong>:{' '}
        {view.workers.filter((w) => w.inGroup).length} members, {assigned} of {view.topicPartitions} partitions
        assigned, {stale} stale, total lag <span title={formatExact(view.totalLag)}>{formatCount(view.totalLag)}</span>.
      </p>
      {view.error ? <div className="banner warn">{view.error}</div> : null}
      {view.workers.length === 0 ? (
        <EmptyState>
          No workers in group {view.groupId} yet — start one with <code>userstream run</code>; each publishes a
          heartbeat to <code>userstream.workers</code>.
        </EmptyState>
      ) : (
        <table className="grid" aria-label="Workers">
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Heartbeat</th>
              <th scope="col">State</th>
              <th scope="col">Partitions</th>
              <th scope="col">In</th>
              <th scope="col">Written</th>
              <th scope="col">Lag</th>
              <th scope="col">p99</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {view.workers.map((w) => (
              <tr key={w.key} data-testid="worker-row" data-liveness={w.liveness}>
                <td title={w.memberId ?? undefined}>
                  <div className="mono">{w.clientId}</div>
                  <div className="muted">
                    {w.host}
                    {w.pid !== null ? ` · pid ${w.pid}` : ''}
                    {w.inGroup ? '' : ' · not in the group'}
                  </div>
                </td>
                <td>
                  <LivenessBadge liveness={w.liveness} />
                </td>
                <td>{w.state ? <StateBadge state={w.state} reason={w.lastError ?? undefined} /> : '—'}</td>
                <td className="num" data-testid="worker-partitions">
                  {w.partitions.length > 0 ? w.partitions.join(', ') : '—'}
                </td>
                <td className="num">{w.rates ? formatRate(w.rates.consumed) : '—'}</td>
                <td className="num">{w.rates ? formatRate(w.rates.written) : '—'}</td>
                <td className="num" title={formatExact(w.lag)}>
                  {formatCount(w.lag)}
                </td>
                <td className="num">{w.p99Ms !== null ? formatMs(w.p99Ms) : '—'}</td>
                <td className="num" title={w.lastSeen ? new Date(w.lastSeen).toISOString() : undefined}>
                  {w.lastSeen ? formatAgo(w.lastSeen, now) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

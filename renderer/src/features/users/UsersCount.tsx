import type { UsersEstimate, UsersJob } from '../../../../shared/usersJobs';
import { formatAgo, formatClock, formatCount, formatExact } from '../../components/format';
import { useNow } from '../../components/useNow';
import { JobProgress } from './JobProgress';

const ESTIMATE_HINT =
  'From system.size_estimates on every node: Cassandra recomputes it every few minutes from data flushed to disk, ' +
  'so recent writes may be missing. Reading it costs one small query per node; Userstream asks at most every 30 s.';

/**
 * How many users there are, without counting them: Cassandra's estimate (and how fresh it is), what this pipeline has
 * written, and an exact count only when asked for (a scan of every id, with progress and cancel).
 */
export function UsersCount({
  estimate,
  written,
  count,
  onCount,
  onCancel,
}: {
  estimate: UsersEstimate | null;
  written: number | null;
  count: UsersJob | null;
  onCount(): void;
  onCancel(id: string): void;
}) {
  const now = useNow(5000);
  const running = count?.state === 'running';
  const exact = count?.state === 'done' && count.result?.kind === 'count' ? count.result : null;
  return (
    <span className="progress muted small" data-testid="users-count" style={{ marginLeft: 'auto', flexWrap: 'wrap' }}>
      {estimate === null ? null : estimate.state === 'ok' ? (
        <span data-testid="users-estimate" title={`${formatExact(estimate.users)} — ${ESTIMATE_HINT}`}>
          ≈ {formatCount(estimate.users)} users
          <span className="muted">
            {' '}
            (Cassandra's estimate, read {formatAgo(estimate.at, now)}
            {estimate.hostsAnswered < estimate.hosts ? `, ${estimate.hostsAnswered} of ${estimate.hosts} nodes` : ''})
          </span>
        </span>
      ) : (
        <span data-testid="users-estimate" title={estimate.reason}>
          estimate unavailable
        </span>
      )}
      {written !== null ? (
        <span data-testid="users-written">· {formatExact(written)} written by this pipeline</span>
      ) : null}
      {exact ? (
        <span data-testid="users-exact" data-at={exact.at} title={new Date(exact.at).toLocaleString()}>
          · exactly {formatExact(exact.count)} at {formatClock(exact.at)}
        </span>
      ) : null}
      {count?.state === 'failed' ? <span role="alert">· count failed: {count.error}</span> : null}
      {estimate?.state === 'unavailable' && !exact && !running ? <span aria-hidden="true">—</span> : null}
      {running ? (
        <JobProgress job={count} noun="ids" cancelLabel="Cancel count" onCancel={() => onCancel(count.id)} />
      ) : (
        <button type="button" className="button small" onClick={onCount}>
          {estimate?.state === 'unavailable' && !exact ? 'Count exactly?' : 'Count exactly'}
        </button>
      )}
    </span>
  );
}

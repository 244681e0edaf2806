import type { UsersJob } from '../../../../shared/usersJobs';
import { formatDuration, formatExact, formatRate } from '../../components/format';

/** A running job's progress: bar (when the total is known), rows, speed, time left, and Cancel. */
export function JobProgress({
  job,
  noun,
  cancelLabel,
  onCancel,
}: {
  job: UsersJob;
  noun: string;
  cancelLabel: string;
  onCancel(): void;
}) {
  const total = job.expected !== null ? Math.max(job.expected, job.rows) : null;
  return (
    <span className="progress" role="status" aria-label={`${job.label} progress`}>
      {total !== null ? (
        <progress aria-label={job.label} value={job.rows} max={Math.max(total, 1)} />
      ) : (
        <progress aria-label={job.label} />
      )}
      <span className="tabular">
        {formatExact(job.rows)}
        {total !== null ? ` / ≈ ${formatExact(total)}` : ''} {noun}
        {job.rowsPerSecond > 0 ? ` · ${formatRate(job.rowsPerSecond)}` : ''}
        {job.etaSeconds !== null ? ` · ${formatDuration(job.etaSeconds)} left` : ''}
      </span>
      <button type="button" className="button small" onClick={onCancel}>
        {cancelLabel}
      </button>
    </span>
  );
}

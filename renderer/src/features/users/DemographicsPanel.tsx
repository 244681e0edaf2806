import type { Demographics } from '../../../../shared/demographics';
import { DEMOGRAPHICS_SAMPLE, type UsersJob } from '../../../../shared/usersJobs';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { formatExact } from '../../components/format';
import { useApi } from '../../store/StoreContext';
import { JobProgress } from './JobProgress';

function Bars({ title, data }: { title: string; data: [string, number][] }) {
  const max = Math.max(1, ...data.map(([, n]) => n));
  return (
    <Panel title={title}>
      <div className="bars">
        {data.map(([label, n]) => (
          <div className="bar" key={label}>
            <span className="ellipsis" title={label}>
              {label}
            </span>
            <span className="bar-fill" style={{ width: `${(n / max) * 100}%` }} aria-hidden="true" />
            <span style={{ textAlign: 'right' }}>{formatExact(n)}</span>
          </div>
        ))}
      </div>
    </Panel>
  );
}

/**
 * Gender split, age histogram, top countries and registrations per year, aggregated by the core as rows stream past
 * (constant memory): over a sample (the first rows in token order, a uniform sample of ids) or the whole table.
 */
export function DemographicsPanel({ job }: { job: UsersJob | null }) {
  const api = useApi();
  const running = job?.state === 'running';
  const result = job?.state === 'done' && job.result?.kind === 'demographics' ? job.result : null;
  const stats: Demographics | null = result?.demographics ?? null;
  const start = (sample: number | null) => void api.users.demographics({ sample });

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => start(DEMOGRAPHICS_SAMPLE)} disabled={running}>
          Sample {formatExact(DEMOGRAPHICS_SAMPLE)} users
        </button>
        <button type="button" className="button" onClick={() => start(null)} disabled={running}>
          Whole table
        </button>
        {running ? (
          <JobProgress
            job={job}
            noun="users read"
            cancelLabel="Cancel"
            onCancel={() => void api.users.cancelJob({ id: job.id })}
          />
        ) : null}
        {stats && result ? (
          <span className="muted" role="status">
            {result.sample
              ? `Over a sample of the first ${formatExact(stats.total)} users (token order: a uniform sample of ids)`
              : `Over all ${formatExact(stats.total)} users`}
          </span>
        ) : null}
      </div>
      {job?.state === 'failed' ? (
        <p role="alert" className="inline-error">
          {job.error}
        </p>
      ) : null}
      {stats ? (
        <div className="two-col">
          <Bars title="Gender" data={stats.gender} />
          <Bars title="Age" data={stats.ages} />
          <Bars title="Top countries" data={stats.countries} />
          <Bars title="Registrations per year" data={stats.registrationsPerYear} />
        </div>
      ) : (
        <EmptyState>Choose a sample for a quick look, or the whole table for exact figures.</EmptyState>
      )}
    </div>
  );
}

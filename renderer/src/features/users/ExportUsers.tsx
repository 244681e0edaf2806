import { Download } from 'lucide-react';
import { useState } from 'react';
import type { UsersExportFormat, UsersJob, UsersSearch } from '../../../../shared/usersJobs';
import { formatBytes, formatExact } from '../../components/format';
import { useApi } from '../../store/StoreContext';
import { JobProgress } from './JobProgress';

const FORMAT_NAMES: Record<UsersExportFormat, string> = { csv: 'CSV', jsonl: 'JSON Lines' };

/** Lets the browser fetch a download URL the host minted (it streams the file; no row passes through this page). */
function startDownload(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

/** What the last export came to, in words. */
function outcome(job: UsersJob): string | null {
  const result = job.result?.kind === 'export' ? job.result : null;
  if (job.state === 'done' && result)
    return `Exported ${formatExact(result.rows)} users as ${FORMAT_NAMES[result.format]} (${formatBytes(result.bytes)})${result.path ? ` to ${result.path}` : ''}.`;
  if (job.state === 'cancelled') return `Export cancelled after ${formatExact(job.rows)} users; no file was kept.`;
  if (job.state === 'failed')
    return `Export failed after ${formatExact(job.rows)} users: ${job.error ?? 'unknown error'}; no file was kept.`;
  return null;
}

/**
 * Export of the whole table (or the current search) to CSV or JSON Lines. The core reads the rows in token order and
 * writes them as they arrive — to the file picked in a save dialog (desktop) or as a streamed download (browser) —
 * with progress and Cancel here.
 */
export function ExportUsers({ job, search }: { job: UsersJob | null; search: UsersSearch | null }) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (format: UsersExportFormat) => {
    setProblem(null);
    const started = await api.users.export({ format, ...(search ? { search } : {}) });
    if (!started.ok) return setProblem(`Export failed: ${started.error.message}`);
    if (started.value.delivery === 'download') startDownload(started.value.url);
  };
  const running = job?.state === 'running';
  const message = problem ?? (job && !running ? outcome(job) : null);
  return (
    <div className="progress">
      {running ? (
        <JobProgress
          job={job}
          noun="users"
          cancelLabel="Cancel export"
          onCancel={() => void api.users.cancelJob({ id: job.id })}
        />
      ) : (
        (['csv', 'jsonl'] as const).map((format) => (
          <button key={format} type="button" className="button small" onClick={() => void run(format)}>
            <Download size={14} aria-hidden="true" /> Export {FORMAT_NAMES[format]}
            {search ? ' (search result)' : ''}
          </button>
        ))
      )}
      {message ? (
        <span role="status" className="muted" data-testid="export-outcome">
          {message}
        </span>
      ) : null}
    </div>
  );
}

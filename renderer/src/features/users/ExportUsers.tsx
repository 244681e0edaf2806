import { Download } from 'lucide-react';
import { useRef, useState } from 'react';
import { formatExact } from '../../components/format';
import { useApi } from '../../store/StoreContext';
import { downloadText, usersToCsv, usersToJson } from './exportFormat';
import { scanUsers } from './scanUsers';

/** Export of the whole table to CSV or JSON, with a progress bar and Cancel. */
export function ExportUsers() {
  const api = useApi();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = async (format: 'csv' | 'json') => {
    setMessage(null);
    const count = await api.users.count();
    const total = count.ok ? count.value : 0;
    controller.current = new AbortController();
    setProgress({ done: 0, total });
    try {
      const result = await scanUsers(api, {
        signal: controller.current.signal,
        onProgress: (done) => setProgress({ done, total: Math.max(total, done) }),
      });
      if (result.cancelled)
        return setMessage(`Export cancelled after ${formatExact(result.rows.length)} users; no file written.`);
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
      if (format === 'csv') downloadText(`users-${stamp}.csv`, usersToCsv(result.rows), 'text/csv');
      else downloadText(`users-${stamp}.json`, usersToJson(result.rows), 'application/json');
      setMessage(`Exported ${formatExact(result.rows.length)} users as ${format.toUpperCase()}.`);
    } catch (error) {
      setMessage(
        `Export failed: ${error instanceof Error ? error.message : String(error)}. Try again once Cassandra is reachable.`,
      );
    } finally {
      setProgress(null);
      controller.current = null;
    }
  };

  return (
    <div className="progress">
      {progress ? (
        <>
          <progress aria-label="Export progress" value={progress.done} max={Math.max(progress.total, 1)} />
          <span>
            {formatExact(progress.done)} / {formatExact(progress.total)}
          </span>
          <button type="button" className="button small" onClick={() => controller.current?.abort()}>
            Cancel export
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button small" onClick={() => void run('csv')}>
            <Download size={14} aria-hidden="true" /> Export CSV
          </button>
          <button type="button" className="button small" onClick={() => void run('json')}>
            <Download size={14} aria-hidden="true" /> Export JSON
          </button>
        </>
      )}
      {message ? (
        <span role="status" className="muted">
          {message}
        </span>
      ) : null}
    </div>
  );
}

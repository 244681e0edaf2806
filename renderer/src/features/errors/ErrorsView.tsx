import { Download } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { PipelineErrorRecord } from '../../../../shared/errorRecord';
import { EmptyState } from '../../components/EmptyState';
import { formatClock, formatExact } from '../../components/format';
import { useApi, useAppStore } from '../../store/StoreContext';
import { downloadText } from '../../components/downloadText';
import { ErrorDetail } from './ErrorDetail';
import { snippet } from './prettyValue';

/** Rejected messages: filter by reason, open one, edit and replay it, export the list. */
export function ErrorsView() {
  const api = useApi();
  const errors = useAppStore((s) => s.errors);
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState<PipelineErrorRecord | null>(null);
  const [replayed, setReplayed] = useState<ReadonlySet<string>>(new Set());
  const [deadLetterTopic, setDeadLetterTopic] = useState<string | null>(null);
  useEffect(() => {
    void api.settings.get().then((r) => r.ok && setDeadLetterTopic(r.value.settings.pipeline.deadLetterTopic));
  }, [api]);

  const reasons = useMemo(() => [...new Set(errors.flatMap((e) => e.problems.map((p) => p.code)))].sort(), [errors]);
  const shown = useMemo(
    () => (reason ? errors.filter((e) => e.problems.some((p) => p.code === reason)) : errors),
    [errors, reason],
  );

  return (
    <div>
      <div className="toolbar">
        <label>
          Reason
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">All reasons</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {formatExact(shown.length)} shown ·{' '}
          {deadLetterTopic ? (
            <>
              dead-letter topic <code>{deadLetterTopic}</code>
            </>
          ) : deadLetterTopic === '' ? (
            'dead-lettering is off'
          ) : null}
        </span>
        <button
          type="button"
          className="button small"
          style={{ marginLeft: 'auto' }}
          disabled={shown.length === 0}
          onClick={() =>
            downloadText(`errors-${Date.now()}.json`, `${JSON.stringify(shown, null, 2)}\n`, 'application/json')
          }
        >
          <Download size={14} aria-hidden="true" /> Export JSON
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState>
          No rejected messages{reason ? ' with this reason' : ''}. Messages that fail validation show up here with what
          was wrong.
        </EmptyState>
      ) : (
        <table className="grid" aria-label="Rejected messages">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Partition / offset</th>
              <th scope="col">Reason</th>
              <th scope="col">Problem</th>
              <th scope="col">Value</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 300).map((e) => (
              <tr
                key={e.id}
                className="clickable"
                tabIndex={0}
                onClick={() => setOpen(e)}
                onKeyDown={(k) => {
                  if (k.key === 'Enter' || k.key === ' ') {
                    k.preventDefault();
                    setOpen(e);
                  }
                }}
              >
                <td title={new Date(e.at).toLocaleString()}>{formatClock(e.at)}</td>
                <td className="mono">
                  {e.origin.partition} / {e.origin.offset}
                </td>
                <td>
                  <span className="badge rejected">{e.problems[0]?.code ?? e.kind}</span>
                </td>
                <td>{e.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}</td>
                <td className="mono">{snippet(e.value, 60)}</td>
                <td>{replayed.has(e.id) ? 'replayed' : e.deadLettered ? 'dead-lettered' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorDetail
        record={open}
        onClose={() => setOpen(null)}
        onReplayed={(id) => setReplayed((s) => new Set(s).add(id))}
      />
    </div>
  );
}

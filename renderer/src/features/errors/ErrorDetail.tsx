import { useEffect, useState } from 'react';
import type { PipelineErrorRecord } from '../../../../shared/errorRecord';
import { formatProblem } from '../../../../shared/problem';
import { Modal } from '../../components/Modal';
import { useApi } from '../../store/StoreContext';
import { checkJson, prettyValue } from './prettyValue';

/** One rejected message: the raw value pretty-printed, each problem, and "Edit and replay". */
export function ErrorDetail({
  record,
  onClose,
  onReplayed,
}: {
  record: PipelineErrorRecord | null;
  onClose(): void;
  onReplayed(id: string): void;
}) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(() => {
    setEditing(false);
    setOutcome(null);
    setText(record ? prettyValue(record.value) : '');
  }, [record]);
  const invalid = editing ? checkJson(text) : null;

  const replay = async () => {
    if (!record || invalid) return;
    const result = await api.errors.replay({ id: record.id, value: text });
    if (result.ok) {
      setOutcome({
        ok: true,
        message: `Replayed to ${record.origin.topic} partition ${result.value.partition} at offset ${result.value.offset}.`,
      });
      setEditing(false);
      onReplayed(record.id);
    } else setOutcome({ ok: false, message: `Replay failed: ${result.error.message}` });
  };

  return (
    <Modal open={record !== null} onOpenChange={(open) => !open && onClose()} title="Rejected message" wide>
      {record ? (
        <>
          <dl className="fields">
            <dt>When</dt>
            <dd>{new Date(record.at).toLocaleString()}</dd>
            <dt>From</dt>
            <dd className="mono">
              {record.origin.topic} / partition {record.origin.partition} / offset {record.origin.offset}
            </dd>
            <dt>Key</dt>
            <dd className="mono">{record.key ?? 'null'}</dd>
            <dt>Dead-lettered</dt>
            <dd>{record.deadLettered ? 'yes' : 'no'}</dd>
          </dl>
          <h3 className="panel-title">Problems</h3>
          <ul aria-label="Problems">
            {record.problems.map((p, i) => (
              <li key={i}>
                <span className="badge rejected">{p.code}</span> {formatProblem(p)}
              </li>
            ))}
          </ul>
          {editing ? (
            <label>
              Edited value (JSON)
              <textarea
                className="code"
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={invalid ? true : undefined}
                spellCheck={false}
              />
              {invalid ? <span className="field-error">Not valid JSON: {invalid}</span> : null}
            </label>
          ) : (
            <>
              <h3 className="panel-title">Raw value</h3>
              <pre className="code" aria-label="Raw value">
                {prettyValue(record.value)}
              </pre>
            </>
          )}
          {outcome ? (
            <p role="status" className={outcome.ok ? 'report ok' : 'report fail'}>
              {outcome.message}
            </p>
          ) : null}
          <div className="dialog-actions">
            {editing ? (
              <>
                <button type="button" className="button" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="button primary"
                  disabled={invalid !== null}
                  onClick={() => void replay()}
                >
                  Replay to topic
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button primary"
                onClick={() => setEditing(true)}
                disabled={record.value?.encoding === 'base64'}
              >
                Edit and replay
              </button>
            )}
          </div>
        </>
      ) : null}
    </Modal>
  );
}

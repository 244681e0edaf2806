import { useState } from 'react';
import { Modal } from '../../components/Modal';
import { useApi } from '../../store/StoreContext';

/** Reset the group's offsets to earliest, latest or a time, after a confirmation that says what will happen. */
export function ResetOffsets({ topic, group }: { topic: string; group: string }) {
  const api = useApi();
  const [target, setTarget] = useState<'earliest' | 'latest' | 'time'>('earliest');
  const [time, setTime] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const timestamp = time ? new Date(time).getTime() : Number.NaN;
  const describe =
    target === 'time'
      ? `the first message at or after ${time ? new Date(time).toLocaleString() : '…'}`
      : `the ${target} offset`;

  const reset = async () => {
    setConfirming(false);
    const to = target === 'time' ? { timestamp } : target;
    const result = await api.pipeline.resetOffsets({ to });
    setOutcome(
      result.ok
        ? { ok: true, text: `Offsets of ${group} on ${topic} now point at ${describe}.` }
        : { ok: false, text: `Reset failed: ${result.error.message}` },
    );
  };

  return (
    <fieldset>
      <legend>Reset offsets</legend>
      <label>
        Move the consumer group to
        <select value={target} onChange={(e) => setTarget(e.target.value as typeof target)}>
          <option value="earliest">Earliest (re-read everything)</option>
          <option value="latest">Latest (skip the backlog)</option>
          <option value="time">A time</option>
        </select>
      </label>
      {target === 'time' ? (
        <label>
          Time
          <input type="datetime-local" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
      ) : null}
      <div style={{ alignSelf: 'end' }}>
        <button
          type="button"
          className="button danger"
          disabled={target === 'time' && !Number.isFinite(timestamp)}
          onClick={() => setConfirming(true)}
        >
          Reset offsets…
        </button>
      </div>
      {outcome ? (
        <p role="status" className={`report ${outcome.ok ? 'ok' : 'fail'}`}>
          {outcome.text}
        </p>
      ) : null}
      <Modal
        open={confirming}
        onOpenChange={setConfirming}
        title="Reset offsets?"
        description={`Group ${group} will read ${topic} from ${describe}. Rows already in Cassandra stay; re-read users are written again (same id, so no duplicates).`}
      >
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={() => void reset()}>
            Reset
          </button>
        </div>
      </Modal>
    </fieldset>
  );
}

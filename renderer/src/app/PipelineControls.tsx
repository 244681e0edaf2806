import { Pause, Play, Square } from 'lucide-react';
import { useState } from 'react';
import type { PipelineState } from '../../../shared/pipelineState';
import { StateBadge } from '../components/StateBadge';
import { useApi, useAppStore } from '../store/StoreContext';

const canStart = (s: PipelineState | undefined) => s === 'idle' || s === 'stopped' || s === 'error';
const canStop = (s: PipelineState | undefined) =>
  s === 'running' || s === 'paused' || s === 'connecting' || s === 'error';

/** Why the controls are off in a monitor: it watches the group's workers and never joins the group. */
const MONITOR_REASON =
  "Monitor only: this app watches the group's workers and never consumes (Settings → Pipeline, or web --monitor)";

/**
 * The pipeline state (always visible) and Start, Pause/Resume, Stop (always reachable); in a monitor they are off,
 * with the reason beside them.
 */
export function PipelineControls() {
  const api = useApi();
  const state = useAppStore((s) => s.status?.state);
  const reason = useAppStore((s) => s.status?.reason);
  const monitor = useAppStore((s) => s.info?.monitor === true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    setProblem(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) setProblem(result.error?.message ?? 'the action failed');
  };
  const paused = state === 'paused';
  return (
    <div className="controls">
      <div role="status" aria-label="Pipeline state" aria-live="polite" className="pipeline-state">
        <StateBadge state={state ?? null} reason={reason} />
        {reason && (state === 'error' || state === 'connecting') ? <span className="reason">{reason}</span> : null}
      </div>
      <button
        type="button"
        className="button"
        disabled={busy || monitor || !canStart(state)}
        title={monitor ? MONITOR_REASON : undefined}
        onClick={() => run(() => api.pipeline.start())}
      >
        <Play size={14} aria-hidden="true" /> Start
      </button>
      <button
        type="button"
        className="button"
        disabled={busy || monitor || !(state === 'running' || paused)}
        onClick={() => run(() => (paused ? api.pipeline.resume() : api.pipeline.pause()))}
      >
        {paused ? <Play size={14} aria-hidden="true" /> : <Pause size={14} aria-hidden="true" />}{' '}
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        className="button"
        disabled={busy || monitor || !canStop(state)}
        onClick={() => run(() => api.pipeline.stop())}
      >
        <Square size={14} aria-hidden="true" /> Stop
      </button>
      {monitor ? (
        <span className="muted small" data-testid="monitor-only">
          Monitor only — watches the workers, never consumes
        </span>
      ) : null}
      {problem ? (
        <span role="alert" className="inline-error">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

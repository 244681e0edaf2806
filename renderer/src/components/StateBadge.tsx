import type { PipelineState } from '../../../shared/pipelineState';

const LABELS: Record<PipelineState, string> = {
  idle: 'Idle',
  connecting: 'Connecting',
  running: 'Running',
  paused: 'Paused',
  stopping: 'Stopping',
  stopped: 'Stopped',
  error: 'Error',
};

/** A pipeline state as colour and word (never colour alone). */
export function StateBadge({ state, reason }: { state: PipelineState | null; reason?: string | undefined }) {
  const label = state ? LABELS[state] : 'Unknown';
  return (
    <span className={`badge state-${state ?? 'unknown'}`} title={reason}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

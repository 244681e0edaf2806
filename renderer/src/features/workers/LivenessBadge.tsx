import type { WorkerLiveness } from '../../../../shared/fleet';

const LABELS: Record<WorkerLiveness, { word: string; hint: string }> = {
  live: { word: 'Live', hint: 'heartbeats on time' },
  stale: { word: 'Stale', hint: 'three heartbeats missed' },
  gone: {
    word: 'Gone',
    hint: 'stopped cleanly, dropped by the group after its heartbeats stopped, or silent for a minute',
  },
  silent: { word: 'No heartbeat', hint: 'a group member that publishes no heartbeats (e.g. the desktop app)' },
};

/** A worker's heartbeat state as a colour and a word. */
export function LivenessBadge({ liveness }: { liveness: WorkerLiveness }) {
  const { word, hint } = LABELS[liveness];
  return (
    <span className={`badge liveness-${liveness}`} title={hint}>
      <span className="dot" aria-hidden="true" />
      {word}
    </span>
  );
}

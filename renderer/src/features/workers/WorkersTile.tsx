import { Tile } from '../../components/Tile';
import { useFleet } from './useFleet';

/** Dashboard tile: how many workers the group has, and how many stopped sending heartbeats. */
export function WorkersTile() {
  const { view } = useFleet();
  const members = view?.workers.filter((w) => w.liveness !== 'gone') ?? [];
  const stale = members.filter((w) => w.liveness === 'stale').length;
  return (
    <a href="#/workers" className="tile-link" aria-label={`Workers: ${members.length} (${stale} stale)`}>
      <Tile
        label="Workers"
        value={view ? String(members.length) : '—'}
        unit={view ? `(${stale} stale)` : undefined}
        exact={view ? `${members.length} workers in group ${view.groupId}, ${stale} stale` : undefined}
        tone={stale > 0 ? 'rejected' : 'neutral'}
      />
    </a>
  );
}

import { useEffect, useState } from 'react';
import type { FleetView } from '../../../../shared/fleet';
import { useApi } from '../../store/StoreContext';

/** The group's workers: the latest view, then every update (the host sends at most one a second). */
export function useFleet(): { view: FleetView | null; error: string | null } {
  const api = useApi();
  const [view, setView] = useState<FleetView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.fleet.onUpdate((v) => live && setView(v));
    void api.fleet.view().then((r) => {
      if (!live) return;
      if (r.ok) setView((current) => current ?? r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return { view, error };
}

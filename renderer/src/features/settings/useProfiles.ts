import { useEffect, useState } from 'react';
import type { ProfilesView } from '../../../../shared/ipc';
import { useApi } from '../../store/StoreContext';

/** The connection profiles and the active one, kept current by the host's `settings:profiles` event. */
export function useProfiles(): [ProfilesView | null, (next: ProfilesView) => void] {
  const api = useApi();
  const [profiles, setProfiles] = useState<ProfilesView | null>(null);
  useEffect(() => {
    let live = true;
    void api.settings.profiles().then((r) => live && r.ok && setProfiles(r.value));
    const off = api.settings.onProfiles((p) => setProfiles(p));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return [profiles, setProfiles];
}

import { Cable } from 'lucide-react';
import { useState } from 'react';
import { useApi } from '../../store/StoreContext';
import { useProfiles } from './useProfiles';

/** The active connection profile, always in the header; picking another switches to it (the pipeline restarts there). */
export function ProfileSwitcher() {
  const api = useApi();
  const [profiles] = useProfiles();
  const [switching, setSwitching] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!profiles) return null;
  const active = profiles.profiles.find((p) => p.id === profiles.active);
  const choose = async (id: string) => {
    if (id === profiles.active) return;
    setSwitching(id);
    setProblem(null);
    const result = await api.settings.switchProfile({ id });
    setSwitching(null);
    if (!result.ok) {
      const first = result.error.problems?.[0];
      setProblem(first ? `${first.field}: ${first.message}` : result.error.message);
    }
  };
  return (
    <div className="profile-switcher">
      <Cable size={14} aria-hidden="true" />
      <select
        aria-label="Connection profile"
        title={problem ?? `Connected through the profile ${active?.name ?? profiles.active}`}
        value={switching ?? profiles.active}
        disabled={switching !== null}
        onChange={(e) => void choose(e.target.value)}
      >
        {profiles.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.embedded ? ' (embedded)' : ''}
          </option>
        ))}
      </select>
      {switching ? <span className="muted small">Switching…</span> : null}
      {problem ? (
        <span role="alert" className="field-error small">
          Not switched: {problem}
        </span>
      ) : null}
    </div>
  );
}

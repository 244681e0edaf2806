import { useState } from 'react';
import type { IpcResult, ProfilesView, SettingsView } from '../../../../shared/ipc';
import { useApi } from '../../store/StoreContext';
import { useProfiles } from './useProfiles';

const problemOf = (r: IpcResult<unknown>) =>
  r.ok ? null : (r.error.problems?.map((p) => `${p.field}: ${p.message}`).join('; ') ?? r.error.message);

/** Saves `text` as a file (in Electron the download asks where). */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Named connections: switch, create (blank or a copy, without passwords), rename, delete, export and import as JSON. */
export function ProfilesPanel({
  profiles: initial,
  onSwitched,
}: {
  profiles: ProfilesView;
  onSwitched(view: SettingsView): void;
}) {
  const api = useApi();
  const [live, setProfiles] = useProfiles();
  const profiles = live ?? initial;
  const [name, setName] = useState('');
  const [copy, setCopy] = useState(true);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [importText, setImportText] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async <T,>(run: () => Promise<IpcResult<T>>, done: (value: T) => string) => {
    setBusy(true);
    setOutcome(null);
    const result = await run();
    setBusy(false);
    const problem = problemOf(result);
    setOutcome(result.ok ? { ok: true, text: done(result.value) } : { ok: false, text: problem ?? 'failed' });
    return result;
  };
  const refresh = async () => {
    const r = await api.settings.profiles();
    if (r.ok) setProfiles(r.value);
  };

  return (
    <fieldset className="profiles-panel">
      <legend>Connection profiles</legend>
      <table className="profiles-table" aria-label="Connection profiles">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.profiles.map((p) => (
            <tr key={p.id} aria-current={p.id === profiles.active ? 'true' : undefined}>
              <td>
                {renaming?.id === p.id ? (
                  <input
                    aria-label={`New name for ${p.name}`}
                    value={renaming.name}
                    onChange={(e) => setRenaming({ id: p.id, name: e.target.value })}
                  />
                ) : (
                  <strong>{p.name}</strong>
                )}
                {p.id === profiles.active ? <span className="muted small"> · active</span> : null}
              </td>
              <td>{p.embedded ? 'Embedded stack' : 'Cluster'}</td>
              <td className="profile-actions">
                {p.id !== profiles.active ? (
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () => api.settings.switchProfile({ id: p.id }),
                        () => `Switched to ${p.name}; the pipeline restarted there if it was running.`,
                      ).then((r) => r.ok && onSwitched(r.value))
                    }
                  >
                    Switch to {p.name}
                  </button>
                ) : null}
                {renaming?.id === p.id ? (
                  <button
                    type="button"
                    className="button small"
                    disabled={busy || !renaming.name.trim()}
                    onClick={() =>
                      void act(
                        () => api.settings.renameProfile({ id: p.id, name: renaming.name }),
                        (s) => `Renamed to ${s.name}.`,
                      ).then(() => {
                        setRenaming(null);
                        void refresh();
                      })
                    }
                  >
                    Save name
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setRenaming({ id: p.id, name: p.name })}
                  >
                    Rename
                  </button>
                )}
                <button
                  type="button"
                  className="button small"
                  disabled={busy}
                  onClick={() =>
                    void act(
                      () => api.settings.exportProfile({ id: p.id }),
                      (x) => {
                        download(`${p.id}.userstream-profile.json`, `${JSON.stringify(x, null, 2)}\n`);
                        return `Exported ${p.name} (without its passwords).`;
                      },
                    )
                  }
                >
                  Export
                </button>
                {p.id !== profiles.active ? (
                  <button
                    type="button"
                    className="button small danger"
                    disabled={busy}
                    onClick={() =>
                      void act(
                        () => api.settings.deleteProfile({ id: p.id }),
                        () => `Deleted ${p.name} and its stored passwords.`,
                      ).then(() => void refresh())
                    }
                  >
                    Delete
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="wide-field profile-forms">
        <label>
          New profile
          <input value={name} placeholder="Staging" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} /> Copy the active
          profile&apos;s settings (not its passwords)
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !name.trim()}
          onClick={() =>
            void act(
              () => api.settings.createProfile(copy ? { name, copyOf: profiles.active } : { name, embedded: false }),
              (s) => `Created ${s.name}. Switch to it to edit its settings.`,
            ).then((r) => {
              if (r.ok) setName('');
              void refresh();
            })
          }
        >
          Create profile
        </button>
      </div>
      <details className="wide-field">
        <summary>Import a profile…</summary>
        <div className="profile-forms">
          <label style={{ flex: 1 }}>
            Profile JSON (as exported)
            <textarea
              className="code"
              rows={3}
              style={{ minHeight: 0, width: '100%' }}
              value={importText}
              placeholder='{"userstreamProfile": 1, "name": "…", "settings": {…}}'
              onChange={(e) => setImportText(e.target.value)}
            />
          </label>
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Import a profile from a file"
            onChange={(e) => void e.target.files?.[0]?.text().then(setImportText)}
          />
          <button
            type="button"
            className="button"
            disabled={busy || importText.trim().length < 2}
            onClick={() =>
              void act(
                () => api.settings.importProfile({ json: importText }),
                (s) => `Imported ${s.name}. Enter its passwords after switching to it.`,
              ).then((r) => {
                if (r.ok) setImportText('');
                void refresh();
              })
            }
          >
            Import
          </button>
        </div>
      </details>
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} className={`report ${outcome.ok ? 'ok' : 'fail'}`}>
          {outcome.text}
        </p>
      ) : null}
    </fieldset>
  );
}

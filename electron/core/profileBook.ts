import { randomBytes } from 'node:crypto';
import type { ProfileExport, ProfileSummary, ProfilesView } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';
import { parseSettings, type SettingsInput, type SettingsProblem } from '../../shared/settings';
import { LEGACY_PROFILE_ID, withoutPasswords, type ProfilesFile, type StoredProfile } from './settingsStore';

/** The embedded stack's profile, as a first run or an upgraded settings file gets it. */
const EMBEDDED_PROFILE: StoredProfile = {
  id: 'embedded',
  name: 'Embedded stack',
  settings: { devstack: { enabled: true } },
};

const isEmbedded = (p: StoredProfile) => p.settings.devstack?.enabled === true;

/** An id from a name: `staging-3f9a`, unique among `taken`. */
function newId(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'profile';
  let id = slug;
  while (taken.has(id)) id = `${slug}-${randomBytes(2).toString('hex')}`;
  return id;
}

/**
 * The named connections of one settings file, in memory. A first run gets the embedded stack's profile (and a cluster
 * profile when this start does not use the stack); a file from before profiles becomes the active profile, with the
 * embedded stack's beside it when it did not use the stack.
 */
export function createProfileBook(loaded: ProfilesFile | null, firstRunEmbedded: boolean) {
  let active: string;
  let profiles: StoredProfile[];
  if (!loaded) {
    profiles = firstRunEmbedded
      ? [structuredClone(EMBEDDED_PROFILE)]
      : [{ id: LEGACY_PROFILE_ID, name: 'Cluster', settings: {} }, structuredClone(EMBEDDED_PROFILE)];
    active = profiles[0]!.id;
  } else {
    profiles = loaded.profiles.map((p) => ({ ...p, name: p.name || (isEmbedded(p) ? 'Embedded stack' : 'Cluster') }));
    active = loaded.active;
    const legacy = profiles.length === 1 && profiles[0]!.id === LEGACY_PROFILE_ID;
    if (legacy && !isEmbedded(profiles[0]!)) profiles.push(structuredClone(EMBEDDED_PROFILE));
  }
  const summary = (p: StoredProfile): ProfileSummary => ({ id: p.id, name: p.name, embedded: isEmbedded(p) });
  const get = (id: string) => profiles.find((p) => p.id === id);
  const taken = () => new Set(profiles.map((p) => p.id));
  const uniqueName = (name: string) => {
    const names = new Set(profiles.map((p) => p.name));
    let n = name;
    for (let i = 2; names.has(n); i++) n = `${name} (${i})`;
    return n;
  };
  const add = (name: string, settings: SettingsInput): ProfileSummary => {
    const profile = { id: newId(name, taken()), name: uniqueName(name), settings: withoutPasswords(settings) };
    profiles.push(profile);
    return summary(profile);
  };

  return {
    active: () => get(active) ?? profiles[0]!,
    get,
    view: (): ProfilesView => ({ active, profiles: profiles.map(summary) }),
    file: (): ProfilesFile => ({ active, profiles: structuredClone(profiles) }),
    update(id: string, settings: SettingsInput) {
      const p = get(id);
      if (p) p.settings = withoutPasswords(settings);
    },
    setActive(id: string) {
      if (get(id)) active = id;
    },
    /** A copy of `copyOf` without its passwords (secrets belong to the profile they were entered in), or defaults. */
    create(request: { name: string; copyOf?: string; embedded?: boolean }): Result<ProfileSummary, SettingsProblem[]> {
      const source = request.copyOf === undefined ? undefined : get(request.copyOf);
      if (request.copyOf !== undefined && !source)
        return err([{ field: 'copyOf', message: `no profile "${request.copyOf}"` }]);
      const base = source ? structuredClone(source.settings) : {};
      const settings =
        request.embedded === undefined ? base : { ...base, devstack: { ...base.devstack, enabled: request.embedded } };
      return ok(add(request.name, settings));
    },
    rename(id: string, name: string): Result<ProfileSummary, SettingsProblem[]> {
      const p = get(id);
      if (!p) return err([{ field: 'id', message: `no profile "${id}"` }]);
      p.name = name === p.name ? name : uniqueName(name);
      return ok(summary(p));
    },
    remove(id: string): Result<void, SettingsProblem[]> {
      if (id === active) return err([{ field: 'id', message: 'the active profile cannot be deleted: switch first' }]);
      if (!get(id)) return err([{ field: 'id', message: `no profile "${id}"` }]);
      profiles = profiles.filter((p) => p.id !== id);
      return ok(undefined);
    },
    /** The profile as JSON a person can share: no password, whatever the profile holds. */
    exportOf(id: string): Result<ProfileExport, SettingsProblem[]> {
      const p = get(id);
      if (!p) return err([{ field: 'id', message: `no profile "${id}"` }]);
      return ok({
        userstreamProfile: 1,
        name: p.name,
        settings: withoutPasswords(p.settings) as Record<string, unknown>,
      });
    },
    /** Adds an exported profile; its settings are validated like a Save, and any password in it is dropped. */
    importFrom(json: string): Result<ProfileSummary, SettingsProblem[]> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (e) {
        return err([{ field: 'json', message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }]);
      }
      const data = parsed as Partial<ProfileExport> | null;
      if (!data || typeof data !== 'object' || data.userstreamProfile !== 1 || typeof data.settings !== 'object')
        return err([
          { field: 'json', message: 'not a Userstream profile (expected "userstreamProfile": 1 and "settings")' },
        ]);
      const settings = withoutPasswords((data.settings ?? {}) as SettingsInput);
      const valid = parseSettings(settings);
      if (!valid.ok) return valid;
      const name = typeof data.name === 'string' && data.name.trim() ? data.name.trim().slice(0, 80) : 'Imported';
      return ok(add(name, settings));
    },
  };
}

/** The in-memory profile list of one core. */
export type ProfileBook = ReturnType<typeof createProfileBook>;

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SECRET_PATHS, SECRET_SIDES, type SecretSide } from '../../shared/secretBinding';
import type { SettingsInput } from '../../shared/settings';

/** Where passwords go instead of the JSON file (Electron plugs safeStorage in); absent = they stay in memory only. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

/** A password and where it may be sent (`secretBinding`); null: stored by a version that did not bind secrets. */
export interface StoredSecret {
  password: string;
  boundTo: string | null;
}

/** One named connection: its settings as the file keeps them (never a password). */
export interface StoredProfile {
  id: string;
  name: string;
  settings: SettingsInput;
}

/** What the settings file holds: the connections and which one is in use. */
export interface ProfilesFile {
  active: string;
  profiles: StoredProfile[];
}

/** Reads and writes the settings file and the secrets beside it; passwords never touch the file. */
export interface SettingsStore {
  /** null: no file yet (a first run). A file of the single-settings format becomes one profile, `default`. */
  load(): Promise<ProfilesFile | null>;
  save(file: ProfilesFile): Promise<void>;
  getSecret(profile: string, side: SecretSide): Promise<StoredSecret | null>;
  setSecret(profile: string, side: SecretSide, secret: StoredSecret | null): Promise<void>;
  /** Whether secrets outlive this process (a keychain-backed store), or last for this run only. */
  readonly persistentSecrets: boolean;
}

/** The id the single-settings format's profile gets; its secrets were stored under the old names. */
export const LEGACY_PROFILE_ID = 'default';

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The input without its passwords (a profile as written to disk or exported). */
export function withoutPasswords(input: SettingsInput): SettingsInput {
  const tree = structuredClone(input) as Tree;
  for (const side of SECRET_SIDES) {
    const [section, group, key] = SECRET_PATHS[side];
    const node = isTree(tree[section]) ? (tree[section] as Tree)[group] : undefined;
    if (isTree(node)) delete node[key];
  }
  return tree as SettingsInput;
}

const secretName = (profile: string, side: SecretSide) => `profiles/${profile}/${side}`;
const legacyName = (side: SecretSide) => SECRET_PATHS[side].join('.');

function decodeSecret(text: string): StoredSecret {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isTree(parsed) && typeof parsed.password === 'string')
      return { password: parsed.password, boundTo: typeof parsed.boundTo === 'string' ? parsed.boundTo : null };
  } catch {
    // Not ours: a password stored as plain text by an earlier version.
  }
  return { password: text, boundTo: null };
}

function readProfiles(parsed: unknown): ProfilesFile | null {
  if (!isTree(parsed)) return null;
  if (!Array.isArray(parsed.profiles)) {
    // The single-settings format (before profiles): the whole file is the active connection.
    return { active: LEGACY_PROFILE_ID, profiles: [{ id: LEGACY_PROFILE_ID, name: '', settings: parsed }] };
  }
  const profiles = parsed.profiles
    .filter((p): p is Tree => isTree(p) && typeof p.id === 'string' && p.id.length > 0)
    .map((p) => ({
      id: p.id as string,
      name: typeof p.name === 'string' ? p.name : '',
      settings: isTree(p.settings) ? (p.settings as SettingsInput) : {},
    }));
  if (profiles.length === 0) return null;
  const active = profiles.some((p) => p.id === parsed.active) ? (parsed.active as string) : profiles[0]!.id;
  return { active, profiles };
}

/** The settings file (`null`: nothing persisted) and the secret store (`null`: secrets in memory for this run). */
export function createSettingsStore(file: string | null, secrets: SecretStore | null): SettingsStore {
  const memory = new Map<string, string>();
  const get = async (name: string) => (secrets ? secrets.get(name) : (memory.get(name) ?? null));
  const set = async (name: string, value: string) => {
    if (secrets) await secrets.set(name, value);
    else if (value) memory.set(name, value);
    else memory.delete(name);
  };
  return {
    persistentSecrets: secrets !== null,
    async load() {
      if (!file) return null;
      try {
        return readProfiles(JSON.parse(await readFile(file, 'utf8')));
      } catch {
        return null; // No file yet (first run) or unreadable: defaults apply; the next save rewrites it.
      }
    },
    async save({ active, profiles }) {
      if (!file) return;
      const clean = profiles.map((p) => ({ ...p, settings: withoutPasswords(p.settings) }));
      // The active profile's settings stay at the top level too, so an earlier version reading this file still finds
      // the connection in use; this version reads `profiles` only.
      const current = clean.find((p) => p.id === active)?.settings ?? {};
      const text = `${JSON.stringify({ ...current, version: 2, active, profiles: clean }, null, 2)}\n`;
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, file);
    },
    async getSecret(profile, side) {
      const stored = await get(secretName(profile, side));
      if (stored) return decodeSecret(stored);
      if (profile !== LEGACY_PROFILE_ID) return null;
      const legacy = await get(legacyName(side));
      return legacy ? { password: legacy, boundTo: null } : null;
    },
    async setSecret(profile, side, secret) {
      await set(secretName(profile, side), secret?.password ? JSON.stringify(secret) : '');
      if (profile === LEGACY_PROFILE_ID && (await get(legacyName(side)))) await set(legacyName(side), '');
    },
  };
}

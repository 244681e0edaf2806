import { z } from 'zod';
import type { SecretSide } from '../secretBinding';
import type { Settings } from '../settings';
import type { FieldOrigin, SettingField } from '../settingsSources';
import { event, method, query, type DomainContract } from './contract';
import type { ConnectionReportView } from './types';

/** One named connection, as the header and the profile list show it. */
export interface ProfileSummary {
  id: string;
  name: string;
  /** The profile runs the embedded stack. */
  embedded: boolean;
}

/** The connections and the one in use. */
export interface ProfilesView {
  active: string;
  profiles: ProfileSummary[];
}

/** A field as the engine uses it: its effective value (passwords blank) and where that value comes from. */
export interface FieldView extends FieldOrigin {
  value: unknown;
}

/** A stored password's state: whether one is kept, and the hosts/user/mechanism it was entered for. */
export interface PasswordState {
  stored: boolean;
  /** `secretBinding` of the settings it was entered with; the form asks again when its own differs. */
  boundTo: string | null;
  /** The binding of the password an environment variable gives (null: none): it too goes only there. */
  envBoundTo: string | null;
}

/** Settings as shown to the renderer: never a password. */
export interface SettingsView {
  /** What the engine uses (file ← environment ← flags; the embedded stack's addresses are in `fields`). */
  settings: Settings;
  /** The active profile's own values (file ← defaults): what the form edits and Save writes. */
  profile: Settings;
  /** Per field: the effective value and its source (default, file, env, flag, embedded). */
  fields: Record<SettingField, FieldView>;
  /** The embedded stack's addresses while it runs. */
  embedded: { kafka: string; cql: string } | null;
  passwordSet: { kafka: boolean; cassandra: boolean };
  passwords: Record<SecretSide, PasswordState>;
  /** `keychain`: passwords kept encrypted by the OS; `memory`: for this run only. */
  secretStorage: 'keychain' | 'memory';
  profiles: ProfilesView;
}

/** A profile as exported: its settings without any password. */
export interface ProfileExport {
  userstreamProfile: 1;
  name: string;
  settings: Record<string, unknown>;
}

// Deep validation (field names, host:port) is parseSettings' job in the core; here we only bound the shape and size.
const settingsInput = z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length < 256 * 1024, {
  message: 'settings are too large',
});
const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'expected a profile id' });
const profileName = z.string().trim().min(1, { message: 'a name is required' }).max(80);

/** Reading, saving and testing settings; named connection profiles. */
export const settingsContract = {
  methods: {
    get: query<SettingsView>(),
    save: method<SettingsView>()(settingsInput),
    testKafka: method<ConnectionReportView>()(settingsInput),
    testCassandra: method<ConnectionReportView>()(settingsInput),
    profiles: query<ProfilesView>(),
    /** A new profile: a copy of `copyOf` (without its passwords), or the defaults; `embedded` turns the stack on. */
    createProfile: method<ProfileSummary>()(
      z.object({ name: profileName, copyOf: profileId.optional(), embedded: z.boolean().optional() }).strict(),
    ),
    renameProfile: method<ProfileSummary>()(z.object({ id: profileId, name: profileName }).strict()),
    deleteProfile: method<ProfilesView>()(z.object({ id: profileId }).strict()),
    /** Stops the pipeline, switches, restarts it on the new profile if it was running. */
    switchProfile: method<SettingsView>()(z.object({ id: profileId }).strict()),
    exportProfile: method<ProfileExport>()(z.object({ id: profileId }).strict()),
    importProfile: method<ProfileSummary>()(
      z
        .object({
          json: z
            .string()
            .min(2)
            .max(256 * 1024),
        })
        .strict(),
    ),
  },
  events: {
    /** The profile list or the active one changed. */
    profiles: event<ProfilesView>('latest'),
  },
} as const satisfies DomainContract;

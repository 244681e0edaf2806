import type { FieldView, SettingsView } from '../../../shared/ipc';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { SETTING_FIELDS, valueAt, type FieldOrigin, type SettingField } from '../../../shared/settingsSources';

/** A settings view as a host would send it: every field from `settings`, `origins` overriding some (component tests). */
export function fakeSettingsView(
  options: {
    settings?: Settings;
    origins?: Partial<Record<SettingField, FieldOrigin & { value?: unknown }>>;
    embedded?: { kafka: string; cql: string } | null;
    passwords?: Partial<SettingsView['passwords']>;
    secretStorage?: SettingsView['secretStorage'];
  } = {},
): SettingsView {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const fields = {} as Record<SettingField, FieldView>;
  for (const field of SETTING_FIELDS) {
    const origin = options.origins?.[field];
    fields[field] = { source: 'default', ...origin, value: origin?.value ?? valueAt(settings, field) };
  }
  return {
    settings,
    profile: settings,
    fields,
    embedded: options.embedded ?? null,
    passwordSet: { kafka: false, cassandra: false },
    passwords: {
      kafka: { stored: false, boundTo: null, envBoundTo: null },
      cassandra: { stored: false, boundTo: null, envBoundTo: null },
      ...options.passwords,
    },
    secretStorage: options.secretStorage ?? 'keychain',
    profiles: { active: 'default', profiles: [{ id: 'default', name: 'Cluster', embedded: false }] },
  };
}

import type { FieldView, SettingsView } from '../../shared/ipc';
import { SECRET_PATHS, type SecretSide } from '../../shared/secretBinding';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../shared/settings';
import { fieldOrigins, SETTING_FIELDS, valueAt, type SettingField } from '../../shared/settingsSources';
import type { SettingsController } from './settingsController';

/** The settings with both passwords blank. */
export function withoutSecrets(s: Settings): Settings {
  return {
    ...s,
    kafka: { ...s.kafka, sasl: { ...s.kafka.sasl, password: '' } },
    cassandra: { ...s.cassandra, credentials: { ...s.cassandra.credentials, password: '' } },
  };
}

/**
 * What the Settings view shows: per field the value the engine uses and where it comes from, the active profile's own
 * values for the form, which passwords are stored and for where; never a password. `engine` is what the pipeline
 * connects to (the embedded stack's addresses while it is in use).
 */
export function buildSettingsView(
  controller: SettingsController,
  engine: Settings,
  embedded: { kafka: string; cql: string } | null,
): SettingsView {
  const effective = controller.effective();
  const own = parseSettings(controller.profileInput());
  const origins = fieldOrigins({
    file: controller.profileInput(),
    env: controller.envInput,
    flags: controller.flags,
    embedded: embedded !== null,
  });
  const shown = withoutSecrets(engine);
  const fields = {} as Record<SettingField, FieldView>;
  for (const field of SETTING_FIELDS) fields[field] = { ...origins[field], value: valueAt(shown, field) };
  const secrets = controller.secrets();
  const passwordOf = (side: SecretSide) => valueAt(effective, SECRET_PATHS[side].join('.'));
  return {
    settings: withoutSecrets(effective),
    profile: withoutSecrets(own.ok ? own.value : DEFAULT_SETTINGS),
    fields,
    embedded,
    passwordSet: { kafka: Boolean(passwordOf('kafka')), cassandra: Boolean(passwordOf('cassandra')) },
    passwords: {
      kafka: {
        stored: secrets.kafka !== null,
        boundTo: secrets.kafka?.boundTo ?? null,
        envBoundTo: controller.envBound().kafka,
      },
      cassandra: {
        stored: secrets.cassandra !== null,
        boundTo: secrets.cassandra?.boundTo ?? null,
        envBoundTo: controller.envBound().cassandra,
      },
    },
    secretStorage: controller.persistentSecrets ? 'keychain' : 'memory',
    profiles: controller.book.view(),
  };
}

/** A view of settings that only come from one file and one profile (the fake core's, for UI tests). */
export function singleProfileView(settings: Settings, profile: { id: string; name: string }): SettingsView {
  const shown = withoutSecrets(settings);
  const fields = {} as Record<SettingField, FieldView>;
  for (const field of SETTING_FIELDS) fields[field] = { source: 'file', value: valueAt(shown, field) };
  return {
    settings: shown,
    profile: shown,
    fields,
    embedded: null,
    passwordSet: { kafka: false, cassandra: false },
    passwords: {
      kafka: { stored: false, boundTo: null, envBoundTo: null },
      cassandra: { stored: false, boundTo: null, envBoundTo: null },
    },
    secretStorage: 'memory',
    profiles: { active: profile.id, profiles: [{ ...profile, embedded: settings.devstack.enabled }] },
  };
}

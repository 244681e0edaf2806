import type { SettingsView } from '../../../../shared/ipc';
import {
  bindingChange,
  needsPassword,
  passwordAgainMessage,
  SECRET_SIDES,
  secretBinding,
} from '../../../../shared/secretBinding';
import { parseSettings, type Settings, type SettingsInput } from '../../../../shared/settings';
import { EMBEDDED_FIELDS, isLocked, originLabel, type SettingField } from '../../../../shared/settingsSources';

/** The Settings form as the inputs hold it: text for lists and numbers, booleans for switches. */
export interface SettingsForm {
  'kafka.brokers': string;
  'kafka.topic': string;
  'kafka.groupId': string;
  'kafka.clientId': string;
  'kafka.startFrom': string;
  'kafka.ssl.enabled': boolean;
  'kafka.ssl.ca': string;
  'kafka.sasl.mechanism': string;
  'kafka.sasl.username': string;
  'kafka.sasl.password': string;
  'cassandra.contactPoints': string;
  'cassandra.localDataCenter': string;
  'cassandra.keyspace': string;
  'cassandra.table': string;
  'cassandra.replication.class': string;
  /** A number for SimpleStrategy, `dc1:3, dc2:2` for NetworkTopologyStrategy. */
  'cassandra.replication': string;
  'cassandra.consistency': string;
  'cassandra.credentials.username': string;
  'cassandra.credentials.password': string;
  'cassandra.tls.enabled': boolean;
  'cassandra.tls.ca': string;
  'pipeline.inFlightLimit': string;
  'pipeline.deadLetterTopic': string;
  'pipeline.errorPolicy': string;
  'pipeline.maxWriteAttempts': string;
  'pipeline.monitorOnly': boolean;
  'devstack.enabled': boolean;
}

/** One form key. */
export type FormKey = keyof SettingsForm;

/** What each field is called on screen; validation messages start with it. */
export const LABELS: Record<FormKey, string> = {
  'kafka.brokers': 'Brokers',
  'kafka.topic': 'Topic',
  'kafka.groupId': 'Consumer group',
  'kafka.clientId': 'Client id',
  'kafka.startFrom': 'Start position',
  'kafka.ssl.enabled': 'Use SSL',
  'kafka.ssl.ca': 'Kafka CA certificate (PEM)',
  'kafka.sasl.mechanism': 'SASL mechanism',
  'kafka.sasl.username': 'SASL user',
  'kafka.sasl.password': 'SASL password',
  'cassandra.contactPoints': 'Contact points',
  'cassandra.localDataCenter': 'Data center',
  'cassandra.keyspace': 'Keyspace',
  'cassandra.table': 'Table',
  'cassandra.replication.class': 'Replication strategy',
  'cassandra.replication': 'Replication',
  'cassandra.consistency': 'Consistency',
  'cassandra.credentials.username': 'Cassandra user',
  'cassandra.credentials.password': 'Cassandra password',
  'cassandra.tls.enabled': 'Use TLS',
  'cassandra.tls.ca': 'Cassandra CA certificate (PEM)',
  'pipeline.inFlightLimit': 'In-flight writes limit',
  'pipeline.deadLetterTopic': 'Dead-letter topic',
  'pipeline.errorPolicy': 'Error policy',
  'pipeline.maxWriteAttempts': 'Write attempts before dead-letter',
  'pipeline.monitorOnly': 'Monitor only',
  'devstack.enabled': 'Use the embedded dev stack',
};

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The form for saved settings (passwords start empty: empty means "keep the stored one"). */
export function settingsToForm(s: Settings): SettingsForm {
  const r = s.cassandra.replication;
  return {
    'kafka.brokers': s.kafka.brokers.join(', '),
    'kafka.topic': s.kafka.topic,
    'kafka.groupId': s.kafka.groupId,
    'kafka.clientId': s.kafka.clientId,
    'kafka.startFrom': s.kafka.startFrom,
    'kafka.ssl.enabled': s.kafka.ssl.enabled,
    'kafka.ssl.ca': s.kafka.ssl.ca,
    'kafka.sasl.mechanism': s.kafka.sasl.mechanism,
    'kafka.sasl.username': s.kafka.sasl.username,
    'kafka.sasl.password': '',
    'cassandra.contactPoints': s.cassandra.contactPoints.join(', '),
    'cassandra.localDataCenter': s.cassandra.localDataCenter,
    'cassandra.keyspace': s.cassandra.keyspace,
    'cassandra.table': s.cassandra.table,
    'cassandra.replication.class': r.class,
    'cassandra.replication':
      r.class === 'SimpleStrategy'
        ? String(r.replicationFactor)
        : Object.entries(r.dataCenters)
            .map(([dc, n]) => `${dc}:${n}`)
            .join(', '),
    'cassandra.consistency': s.cassandra.consistency,
    'cassandra.credentials.username': s.cassandra.credentials.username,
    'cassandra.credentials.password': '',
    'cassandra.tls.enabled': s.cassandra.tls.enabled,
    'cassandra.tls.ca': s.cassandra.tls.ca,
    'pipeline.inFlightLimit': String(s.pipeline.inFlightLimit),
    'pipeline.deadLetterTopic': s.pipeline.deadLetterTopic,
    'pipeline.errorPolicy': s.pipeline.errorPolicy,
    'pipeline.maxWriteAttempts': String(s.pipeline.maxWriteAttempts),
    'pipeline.monitorOnly': s.pipeline.monitorOnly,
    'devstack.enabled': s.devstack.enabled,
  };
}

/** The settings input the form describes, on top of the saved settings (fields the form doesn't show are kept). */
export function formToInput(f: SettingsForm, base: Settings): SettingsInput {
  const replication =
    f['cassandra.replication.class'] === 'NetworkTopologyStrategy'
      ? {
          class: 'NetworkTopologyStrategy' as const,
          dataCenters: Object.fromEntries(
            list(f['cassandra.replication']).map((pair) => {
              const [dc = '', n = ''] = pair.split(':').map((s) => s.trim());
              return [dc, num(n)];
            }),
          ),
        }
      : { class: 'SimpleStrategy' as const, replicationFactor: num(f['cassandra.replication']) };
  return {
    ...base,
    kafka: {
      ...base.kafka,
      brokers: list(f['kafka.brokers']),
      topic: f['kafka.topic'],
      groupId: f['kafka.groupId'],
      clientId: f['kafka.clientId'],
      startFrom: f['kafka.startFrom'] as Settings['kafka']['startFrom'],
      ssl: { ...base.kafka.ssl, enabled: f['kafka.ssl.enabled'], ca: f['kafka.ssl.ca'] },
      sasl: {
        mechanism: f['kafka.sasl.mechanism'] as Settings['kafka']['sasl']['mechanism'],
        username: f['kafka.sasl.username'],
        password: f['kafka.sasl.password'],
      },
    },
    cassandra: {
      ...base.cassandra,
      contactPoints: list(f['cassandra.contactPoints']),
      localDataCenter: f['cassandra.localDataCenter'],
      keyspace: f['cassandra.keyspace'],
      table: f['cassandra.table'],
      replication,
      consistency: f['cassandra.consistency'] as Settings['cassandra']['consistency'],
      credentials: { username: f['cassandra.credentials.username'], password: f['cassandra.credentials.password'] },
      tls: { ...base.cassandra.tls, enabled: f['cassandra.tls.enabled'], ca: f['cassandra.tls.ca'] },
    },
    pipeline: {
      ...base.pipeline,
      inFlightLimit: num(f['pipeline.inFlightLimit']),
      deadLetterTopic: f['pipeline.deadLetterTopic'],
      errorPolicy: f['pipeline.errorPolicy'] as Settings['pipeline']['errorPolicy'],
      maxWriteAttempts: num(f['pipeline.maxWriteAttempts']),
      monitorOnly: f['pipeline.monitorOnly'],
    },
    devstack: { ...base.devstack, enabled: f['devstack.enabled'] },
  };
}

/** Maps a schema path (`kafka.brokers.1`) to the form field that holds it. */
export function fieldOf(path: string): FormKey | null {
  if (path.startsWith('cassandra.replication')) return 'cassandra.replication';
  const keys = Object.keys(LABELS) as FormKey[];
  let best: FormKey | null = null;
  for (const key of keys)
    if ((path === key || path.startsWith(`${key}.`)) && (!best || key.length > best.length)) best = key;
  return best;
}

/** A field the form shows but may not change, with the value in force and where it comes from. */
export interface LockedField {
  value: string;
  label: string;
}

const shown = (value: unknown): string =>
  Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : String(value ?? '');

/**
 * Which fields are read-only, and what they show: those an environment variable or a flag sets (the value in force),
 * and the cluster fields while the form turns the embedded stack on (its addresses once it runs).
 */
export function lockedFields(f: SettingsForm, view: SettingsView): Partial<Record<FormKey, LockedField>> {
  const out: Partial<Record<FormKey, LockedField>> = {};
  for (const key of Object.keys(LABELS) as FormKey[]) {
    const field = (key === 'cassandra.replication.class' ? 'cassandra.replication' : key) as SettingField;
    const origin = view.fields[field];
    if (f['devstack.enabled'] && EMBEDDED_FIELDS.has(field)) {
      const running = origin?.source === 'embedded';
      out[key] = {
        value: running ? shown(origin.value) : '',
        label: running ? 'from the embedded stack' : 'from the embedded stack (starts on Save)',
      };
    } else if (isLocked(origin) && origin?.source !== 'embedded') {
      out[key] = {
        value:
          key === 'cassandra.replication.class'
            ? String((origin.value as { class?: string })?.class ?? '')
            : shown(origin.value),
        label: originLabel(origin) ?? '',
      };
    }
  }
  return out;
}

/**
 * The form a Test checks: what the form shows, so environment- and flag-set fields carry the value in force (the
 * embedded stack's addresses are put in by the core when the form turns it on).
 */
export function shownForm(f: SettingsForm, view: SettingsView): SettingsForm {
  const out: Record<string, unknown> = { ...f };
  for (const [key, lock] of Object.entries(lockedFields(f, view)) as [FormKey, LockedField][]) {
    const field = (key === 'cassandra.replication.class' ? 'cassandra.replication' : key) as SettingField;
    const source = view.fields[field]?.source;
    if (source !== 'env' && source !== 'flag') continue;
    out[key] = typeof f[key] === 'boolean' ? lock.value === 'true' : lock.value;
  }
  return out as unknown as SettingsForm;
}

/**
 * A stored password left empty while the hosts, user or mechanism it was entered for changed: the core would refuse
 * it, so the form says so on the password field first.
 */
export function passwordProblems(f: SettingsForm, view: SettingsView): Partial<Record<FormKey, string>> {
  const parsed = parseSettings(formToInput(shownForm(f, view), view.profile));
  if (!parsed.ok) return {};
  const problems: Partial<Record<FormKey, string>> = {};
  for (const side of SECRET_SIDES) {
    const key: FormKey = side === 'kafka' ? 'kafka.sasl.password' : 'cassandra.credentials.password';
    const state = view.passwords[side];
    // The environment's password, when it gives one, is bound like a stored one: to the settings the run started with.
    const boundTo = view.fields[key]?.source === 'env' ? state.envBoundTo : state.stored ? state.boundTo : null;
    if (f[key] || boundTo === null || f['devstack.enabled']) continue;
    const change = bindingChange(boundTo, secretBinding(side, parsed.value));
    if (change && needsPassword(side, parsed.value)) problems[key] = `${LABELS[key]}: ${passwordAgainMessage(change)}`;
  }
  return problems;
}

/** Validates the form with the same schema the core uses; one message per field, starting with the field's label. */
export function validateForm(f: SettingsForm, base: Settings): Partial<Record<FormKey, string>> {
  const parsed = parseSettings(formToInput(f, base));
  if (parsed.ok) return {};
  const problems: Partial<Record<FormKey, string>> = {};
  for (const problem of parsed.error) {
    const key = fieldOf(problem.field);
    if (!key || problems[key]) continue;
    const index = /\.(\d+)$/.exec(problem.field)?.[1];
    const which =
      index !== undefined && (key === 'kafka.brokers' || key === 'cassandra.contactPoints')
        ? ` (entry ${Number(index) + 1})`
        : '';
    const message = /NaN|received nan/i.test(problem.message) ? 'expected a number' : problem.message;
    problems[key] = `${LABELS[key]}${which}: ${message}`;
  }
  return problems;
}

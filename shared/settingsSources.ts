import type { SettingsInput } from './settings';
import { SETTINGS_ENV } from './settingsEnv';

/** Where a field's value comes from, lowest layer first; `embedded` replaces the cluster fields while the stack runs. */
export const SETTING_SOURCES = ['default', 'file', 'env', 'flag', 'embedded'] as const;

/** One of `SETTING_SOURCES`. */
export type SettingSource = (typeof SETTING_SOURCES)[number];

/** A field's source, and for `env` / `flag` the variable or flag that set it. */
export interface FieldOrigin {
  source: SettingSource;
  /** `KAFKA_BROKER`, `--brokers`; absent for default, file and embedded. */
  name?: string;
}

/** The fields the Settings view edits (dotted paths into `Settings`). */
export const SETTING_FIELDS = [
  'kafka.brokers',
  'kafka.topic',
  'kafka.groupId',
  'kafka.clientId',
  'kafka.startFrom',
  'kafka.ssl.enabled',
  'kafka.ssl.ca',
  'kafka.sasl.mechanism',
  'kafka.sasl.username',
  'kafka.sasl.password',
  'cassandra.contactPoints',
  'cassandra.localDataCenter',
  'cassandra.keyspace',
  'cassandra.table',
  'cassandra.replication',
  'cassandra.consistency',
  'cassandra.credentials.username',
  'cassandra.credentials.password',
  'cassandra.tls.enabled',
  'cassandra.tls.ca',
  'pipeline.inFlightLimit',
  'pipeline.deadLetterTopic',
  'pipeline.errorPolicy',
  'pipeline.maxWriteAttempts',
  'pipeline.monitorOnly',
  'devstack.enabled',
] as const;

/** One edited field. */
export type SettingField = (typeof SETTING_FIELDS)[number];

/** The command-line flags of `userstream run` that set a field (see electron/cli/commands/runFlags.ts). */
export const SETTINGS_FLAGS: Partial<Record<SettingField, string>> = {
  'kafka.brokers': '--brokers',
  'kafka.topic': '--topic',
  'kafka.groupId': '--group',
  'cassandra.contactPoints': '--cassandra',
  'cassandra.localDataCenter': '--dc',
  'cassandra.keyspace': '--keyspace',
  'cassandra.table': '--table',
  'pipeline.deadLetterTopic': '--dlq-topic',
};

/** The fields the embedded stack decides while it runs: its addresses, no TLS, no credentials. */
export const EMBEDDED_FIELDS: ReadonlySet<SettingField> = new Set<SettingField>([
  'kafka.brokers',
  'kafka.ssl.enabled',
  'kafka.ssl.ca',
  'kafka.sasl.mechanism',
  'kafka.sasl.username',
  'kafka.sasl.password',
  'cassandra.contactPoints',
  'cassandra.localDataCenter',
  'cassandra.credentials.username',
  'cassandra.credentials.password',
  'cassandra.tls.enabled',
  'cassandra.tls.ca',
]);

/** The value at a dotted path of a plain object tree, or undefined. */
export function valueAt(tree: unknown, path: string): unknown {
  let node: unknown = tree;
  for (const key of path.split('.')) {
    node =
      typeof node === 'object' && node !== null && !Array.isArray(node)
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return node;
}

const ENV_OF: Partial<Record<string, string>> = Object.fromEntries(
  Object.entries(SETTINGS_ENV).map(([name, path]) => [path, name]),
);

/** Which layer set each field: flags over the environment over the file over the defaults; the stack over all. */
export function fieldOrigins(layers: {
  file: SettingsInput;
  env?: SettingsInput;
  flags?: SettingsInput;
  /** The embedded stack decides the cluster fields. */
  embedded: boolean;
}): Record<SettingField, FieldOrigin> {
  const out = {} as Record<SettingField, FieldOrigin>;
  for (const field of SETTING_FIELDS) {
    const flag = SETTINGS_FLAGS[field];
    const env = ENV_OF[field];
    if (layers.embedded && EMBEDDED_FIELDS.has(field)) out[field] = { source: 'embedded' };
    else if (valueAt(layers.flags, field) !== undefined)
      out[field] = flag ? { source: 'flag', name: flag } : { source: 'flag' };
    else if (valueAt(layers.env, field) !== undefined)
      out[field] = env ? { source: 'env', name: env } : { source: 'env' };
    else if (valueAt(layers.file, field) !== undefined) out[field] = { source: 'file' };
    else out[field] = { source: 'default' };
  }
  return out;
}

/** Whether the form may change the field: not when an environment variable, a flag or the running stack sets it. */
export function isLocked(origin: FieldOrigin | undefined): boolean {
  return origin?.source === 'env' || origin?.source === 'flag' || origin?.source === 'embedded';
}

/** "from KAFKA_BROKER", "from --brokers", "from the embedded stack"; null when the form owns the value. */
export function originLabel(origin: FieldOrigin | undefined): string | null {
  if (!origin || !isLocked(origin)) return null;
  if (origin.source === 'embedded') return 'from the embedded stack';
  return origin.name
    ? `from ${origin.name}`
    : origin.source === 'env'
      ? 'from the environment'
      : 'from a command-line flag';
}

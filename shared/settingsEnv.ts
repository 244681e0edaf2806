import type { SettingsInput } from './settings';

/**
 * Environment variables that override the settings file (flags override them in turn). The first two are the seed's.
 * Each maps to one settings field; lists are comma-separated, and a host without a port gets the default port.
 * The passwords let the browser mode and the CLI run against a cluster without any secret on disk or command line.
 */
export const SETTINGS_ENV = {
  KAFKA_BROKER: 'kafka.brokers',
  KAFKA_TOPIC: 'kafka.topic',
  KAFKA_GROUP: 'kafka.groupId',
  KAFKA_SASL_MECHANISM: 'kafka.sasl.mechanism',
  KAFKA_SASL_USERNAME: 'kafka.sasl.username',
  KAFKA_SASL_PASSWORD: 'kafka.sasl.password',
  CASSANDRA_HOST: 'cassandra.contactPoints',
  CASSANDRA_DC: 'cassandra.localDataCenter',
  CASSANDRA_USERNAME: 'cassandra.credentials.username',
  CASSANDRA_PASSWORD: 'cassandra.credentials.password',
} as const;

const DEFAULT_PORTS: Partial<Record<keyof typeof SETTINGS_ENV, number>> = { KAFKA_BROKER: 9092, CASSANDRA_HOST: 9042 };

/** Adds `defaultPort` to a host that has none; a bare IPv6 address gets brackets. */
function withPort(host: string, defaultPort: number): string {
  if (host.startsWith('[')) return host.includes(']:') ? host : `${host}:${defaultPort}`;
  const colons = host.split(':').length - 1;
  if (colons === 0) return `${host}:${defaultPort}`;
  return colons === 1 ? host : `[${host}]:${defaultPort}`;
}

/** Turns `a,b:1` into `['a:<defaultPort>', 'b:1']`. */
export function splitHostList(value: string, defaultPort: number): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => withPort(s, defaultPort));
}

/** Whether the environment names any cluster: then the embedded stack is not the default. */
export function envNamesCluster(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.KAFKA_BROKER?.trim() || env.CASSANDRA_HOST?.trim());
}

/** Reads the overrides from an environment (passed in, so `shared/` stays free of `process`); blank means unset. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsInput {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const [name, path] of Object.entries(SETTINGS_ENV) as [keyof typeof SETTINGS_ENV, string][]) {
    const raw = env[name];
    // Passwords are taken as given (spaces may be part of one); everything else is trimmed.
    const value = name.endsWith('PASSWORD') ? raw : raw?.trim();
    if (!value || value.trim() === '') continue;
    const port = DEFAULT_PORTS[name];
    const parsed: unknown =
      port !== undefined ? splitHostList(value, port) : name === 'KAFKA_SASL_MECHANISM' ? value.toLowerCase() : value;
    const keys = path.split('.');
    let node: Record<string, unknown> = (tree[keys[0]!] ??= {});
    for (const key of keys.slice(1, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = parsed;
  }
  return tree as SettingsInput;
}

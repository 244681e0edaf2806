import type { SettingsInput } from './settings';

/**
 * Environment variables that override the defaults (flags override them in turn). The first two are the seed's.
 * Each maps to one settings field; lists are comma-separated, and a host without a port gets the default port.
 */
export const SETTINGS_ENV = {
  KAFKA_BROKER: 'kafka.brokers',
  KAFKA_TOPIC: 'kafka.topic',
  KAFKA_GROUP: 'kafka.groupId',
  CASSANDRA_HOST: 'cassandra.contactPoints',
  CASSANDRA_DC: 'cassandra.localDataCenter',
  CASSANDRA_USERNAME: 'cassandra.credentials.username',
  CASSANDRA_PASSWORD: 'cassandra.credentials.password',
} as const;

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

/** Reads the overrides from an environment (passed in, so `shared/` stays free of `process`). */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsInput {
  const pick = (name: keyof typeof SETTINGS_ENV) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const kafka: Record<string, unknown> = {};
  const cassandra: Record<string, unknown> = {};
  const brokers = pick('KAFKA_BROKER');
  if (brokers) kafka.brokers = splitHostList(brokers, 9092);
  if (pick('KAFKA_TOPIC')) kafka.topic = pick('KAFKA_TOPIC');
  if (pick('KAFKA_GROUP')) kafka.groupId = pick('KAFKA_GROUP');
  const hosts = pick('CASSANDRA_HOST');
  if (hosts) cassandra.contactPoints = splitHostList(hosts, 9042);
  if (pick('CASSANDRA_DC')) cassandra.localDataCenter = pick('CASSANDRA_DC');
  const username = pick('CASSANDRA_USERNAME');
  if (username) cassandra.credentials = { username, password: env.CASSANDRA_PASSWORD ?? '' };
  return { kafka, cassandra } as SettingsInput;
}

import type { Settings } from './settings';

// A stored password belongs to where it was entered: the hosts, the mechanism and the user it was typed for. Any of
// them changing means a Test or a Save would carry it somewhere else, so it is asked for again instead.

/** The two secrets the settings hold. */
export const SECRET_SIDES = ['kafka', 'cassandra'] as const;

/** `kafka` (SASL password) or `cassandra` (credentials password). */
export type SecretSide = (typeof SECRET_SIDES)[number];

/** The settings path of each side's password. */
export const SECRET_PATHS = {
  kafka: ['kafka', 'sasl', 'password'],
  cassandra: ['cassandra', 'credentials', 'password'],
} as const satisfies Record<SecretSide, readonly string[]>;

/** Hosts as a set: trimmed, lower-cased, without duplicates, sorted (order and case do not move a secret). */
export function normaliseHosts(hosts: readonly string[]): string[] {
  return [...new Set(hosts.map((h) => h.trim().toLowerCase()).filter(Boolean))].sort();
}

interface Binding {
  hosts: string[];
  mechanism: string;
  username: string;
}

function bindingOf(side: SecretSide, s: Settings): Binding {
  return side === 'kafka'
    ? { hosts: normaliseHosts(s.kafka.brokers), mechanism: s.kafka.sasl.mechanism, username: s.kafka.sasl.username }
    : {
        hosts: normaliseHosts(s.cassandra.contactPoints),
        mechanism: 'password',
        username: s.cassandra.credentials.username,
      };
}

/** Where a password typed with these settings may be sent: compared as a string, stored beside the secret. */
export function secretBinding(side: SecretSide, s: Settings): string {
  return JSON.stringify(bindingOf(side, s));
}

/** Whether these settings send a password at all (SASL on; a Cassandra user named). */
export function needsPassword(side: SecretSide, s: Settings): boolean {
  return side === 'kafka' ? s.kafka.sasl.mechanism !== 'none' : s.cassandra.credentials.username.length > 0;
}

/** What moved between the binding a secret was stored for and the one in force, in the words the form uses. */
export function bindingChange(stored: string, now: string): 'host' | 'user' | 'mechanism' | null {
  if (stored === now) return null;
  const parse = (text: string): Binding | null => {
    try {
      return JSON.parse(text) as Binding;
    } catch {
      return null;
    }
  };
  const a = parse(stored);
  const b = parse(now);
  if (!a || !b || a.hosts.join(',') !== b.hosts.join(',')) return 'host';
  if (a.username !== b.username) return 'user';
  return 'mechanism';
}

/** The problem shown on the password field when its stored value no longer applies. */
export function passwordAgainMessage(change: 'host' | 'user' | 'mechanism'): string {
  return `enter the password again for the new ${change}`;
}

// Names the cluster would refuse, checked before anything connects: a CREATE TABLE or a produce to such a name fails on
// every retry, so the schema says which field is wrong instead.

/**
 * CQL's reserved keywords: Apache Cassandra's `reserved_keywords.txt` (trunk), plus the words DataStax's CQL reference
 * also lists as reserved. Unquoted, none of them is accepted as a keyspace or table name.
 */
export const CQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'ADD ALLOW ALTER AND APPLY ASC AUTHORIZE BATCH BEGIN BY CHECK COLUMNFAMILY CONSTRAINT CREATE DEFAULT DELETE DESC ' +
    'DESCRIBE DROP ENTRIES EXECUTE FOR FROM FULL GRANT IF IN INDEX INFINITY INSERT INTO IS KEYSPACE KEYSPACES LENGTH ' +
    'LIMIT MATERIALIZED MBEAN MBEANS MODIFY NAN NORECURSIVE NOT NULL OF ON OR ORDER PRIMARY RENAME REPLACE REVOKE ' +
    'SCHEMA SELECT SET TABLE TO TOKEN TRUNCATE UNLOGGED UNSET UPDATE USE USING VIEW WHERE WITH'
  ).split(' '),
);

/** Why Cassandra would refuse `name` as an unquoted keyspace or table name, or null when it is fine. */
export function cqlIdentifierProblem(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(name))
    return 'expected a CQL identifier: a letter, then letters, digits or _ (at most 48)';
  if (CQL_RESERVED_WORDS.has(name.toUpperCase()))
    return `"${name}" is a reserved CQL word: Cassandra refuses it as a name; choose another`;
  return null;
}

/** The longest topic name Kafka accepts. */
export const MAX_TOPIC_LENGTH = 249;

/** Why Kafka would refuse `name` as a topic, or null when it is fine (the broker's own rule: Topic.validate). */
export function kafkaTopicProblem(name: string): string | null {
  if (name.length === 0) return 'a topic name is required';
  if (name === '.' || name === '..') return `"${name}" is not allowed as a topic name`;
  if (name.length > MAX_TOPIC_LENGTH)
    return `a topic name has at most ${MAX_TOPIC_LENGTH} characters (this has ${name.length})`;
  const bad = /[^a-zA-Z0-9._-]/.exec(name);
  if (bad) return `a topic name may only hold letters, digits, ".", "_" and "-" (not "${bad[0]}")`;
  return null;
}

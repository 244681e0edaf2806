import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SettingsInput } from '../../../shared/settings';
import { splitHostList } from '../../../shared/settingsEnv';
import { UsageError, stringFlag, type CliValues } from '../command';

/** Where `run` keeps its state unless `--data-dir` or `USERSTREAM_DATA_DIR` says otherwise. */
export function dataDirFrom(values: CliValues, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(stringFlag(values, 'data-dir') ?? env.USERSTREAM_DATA_DIR ?? join(homedir(), '.userstream'));
}

/** The settings the flags name (highest layer: flags ← environment ← file ← defaults). */
export function settingsFromFlags(values: CliValues): SettingsInput {
  const kafka: Record<string, unknown> = {};
  const cassandra: Record<string, unknown> = {};
  const pipeline: Record<string, unknown> = {};
  const brokers = stringFlag(values, 'brokers');
  if (brokers !== undefined) kafka.brokers = splitHostList(brokers, 9092);
  const topic = stringFlag(values, 'topic');
  if (topic !== undefined) kafka.topic = topic;
  const group = stringFlag(values, 'group');
  if (group !== undefined) kafka.groupId = group;
  const hosts = stringFlag(values, 'cassandra');
  if (hosts !== undefined) cassandra.contactPoints = splitHostList(hosts, 9042);
  const dc = stringFlag(values, 'dc');
  if (dc !== undefined) cassandra.localDataCenter = dc;
  const keyspace = stringFlag(values, 'keyspace');
  if (keyspace !== undefined) cassandra.keyspace = keyspace;
  const table = stringFlag(values, 'table');
  if (table !== undefined) cassandra.table = table;
  const dlq = stringFlag(values, 'dlq-topic');
  if (dlq !== undefined && values['no-dlq']) throw new UsageError('--dlq-topic and --no-dlq exclude each other');
  if (dlq !== undefined) pipeline.deadLetterTopic = dlq;
  if (values['no-dlq']) pipeline.deadLetterTopic = '';
  return { kafka, cassandra, pipeline } as SettingsInput;
}

// Topic configs as Kafka defines them (LogConfig / TopicConfig): names, types, defaults, validators and the broker
// configs each one falls back to (its synonyms, in Kafka's order). A topic keeps only its overrides, as strings, the
// way Kafka's config store does; `resolveLogConfig` turns overrides + broker settings into what the logs obey.

/** DescribeConfigs config types (KIP-569). */
export const ConfigType = { BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7 } as const;

/** What a topic config is: its type, Kafka's default, broker synonyms and validator. */
export interface TopicConfigDef {
  name: string;
  type: number;
  /** Kafka's default as Kafka prints it. */
  defaultValue: string;
  /** Broker configs this falls back to, first found wins (Kafka's LogConfig.TopicConfigSynonyms). */
  synonyms: Array<{ name: string; toTopic?: (v: string) => string; defaultValue: string | null }>;
  /** Range or value check on the parsed value; returns a message when invalid. */
  check?: (value: string) => string | undefined;
}

const LONG_MAX = '9223372036854775807';
const hours = (v: string): string => String(BigInt(v) * 3_600_000n);
const minutes = (v: string): string => String(BigInt(v) * 60_000n);

function atLeast(min: number): (v: string) => string | undefined {
  return (v) => (Number(v) < min ? `Value must be at least ${min}` : undefined);
}

const def = (
  name: string,
  type: number,
  defaultValue: string,
  synonym: string | null,
  check?: (v: string) => string | undefined,
  synonymDefault: string | null = defaultValue,
): TopicConfigDef => ({
  name,
  type,
  defaultValue,
  synonyms: synonym === null ? [] : [{ name: synonym, defaultValue: synonymDefault }],
  check,
});

const { BOOLEAN, STRING, INT, LONG, DOUBLE, LIST } = ConfigType;

/** Every topic config of Kafka 3.x (deprecated message-format ones left out), by name. */
export const topicConfigDefs: ReadonlyMap<string, TopicConfigDef> = new Map(
  [
    def('cleanup.policy', LIST, 'delete', 'log.cleanup.policy', (v) =>
      v.split(',').every((p) => p.trim() === 'delete' || p.trim() === 'compact')
        ? undefined
        : `Invalid value ${v} for configuration cleanup.policy: String must be one of: compact, delete`,
    ),
    def('compression.type', STRING, 'producer', 'compression.type', (v) =>
      ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'].includes(v)
        ? undefined
        : `Invalid value ${v} for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer`,
    ),
    def('delete.retention.ms', LONG, '86400000', 'log.cleaner.delete.retention.ms', atLeast(0)),
    def('file.delete.delay.ms', LONG, '60000', 'log.segment.delete.delay.ms', atLeast(0)),
    def('flush.messages', LONG, LONG_MAX, 'log.flush.interval.messages', atLeast(1)),
    def('flush.ms', LONG, LONG_MAX, 'log.flush.interval.ms', atLeast(0), null),
    def('follower.replication.throttled.replicas', LIST, '', null),
    def('index.interval.bytes', INT, '4096', 'log.index.interval.bytes', atLeast(0)),
    def('leader.replication.throttled.replicas', LIST, '', null),
    def('local.retention.bytes', LONG, '-2', 'log.local.retention.bytes', atLeast(-2)),
    def('local.retention.ms', LONG, '-2', 'log.local.retention.ms', atLeast(-2)),
    def('max.compaction.lag.ms', LONG, LONG_MAX, 'log.cleaner.max.compaction.lag.ms', atLeast(1)),
    def('max.message.bytes', INT, '1048588', 'message.max.bytes', atLeast(0)),
    def('message.timestamp.after.max.ms', LONG, LONG_MAX, 'log.message.timestamp.after.max.ms', atLeast(0)),
    // Deprecated in Kafka 3.6 for the two above, still accepted by 3.x (removed in 4.0); older clients set it.
    def('message.timestamp.difference.max.ms', LONG, LONG_MAX, 'log.message.timestamp.difference.max.ms', atLeast(0)),
    def('message.timestamp.before.max.ms', LONG, LONG_MAX, 'log.message.timestamp.before.max.ms', atLeast(0)),
    def('message.timestamp.type', STRING, 'CreateTime', 'log.message.timestamp.type', (v) =>
      v === 'CreateTime' || v === 'LogAppendTime'
        ? undefined
        : `Invalid value ${v} for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime`,
    ),
    def('min.cleanable.dirty.ratio', DOUBLE, '0.5', 'log.cleaner.min.cleanable.ratio', (v) =>
      Number(v) < 0 || Number(v) > 1 ? 'Value must be no more than 1' : undefined,
    ),
    def('min.compaction.lag.ms', LONG, '0', 'log.cleaner.min.compaction.lag.ms', atLeast(0)),
    def('min.insync.replicas', INT, '1', 'min.insync.replicas', atLeast(1)),
    def('preallocate', BOOLEAN, 'false', 'log.preallocate'),
    def('remote.storage.enable', BOOLEAN, 'false', null),
    def('retention.bytes', LONG, '-1', 'log.retention.bytes'),
    {
      name: 'retention.ms',
      type: LONG,
      defaultValue: '604800000',
      synonyms: [
        { name: 'log.retention.ms', defaultValue: null },
        { name: 'log.retention.minutes', toTopic: minutes, defaultValue: null },
        { name: 'log.retention.hours', toTopic: hours, defaultValue: '168' },
      ],
      check: atLeast(-1),
    },
    def('segment.bytes', INT, '1073741824', 'log.segment.bytes', atLeast(14)),
    def('segment.index.bytes', INT, '10485760', 'log.index.size.max.bytes', atLeast(4)),
    {
      name: 'segment.jitter.ms',
      type: LONG,
      defaultValue: '0',
      synonyms: [
        { name: 'log.roll.jitter.ms', defaultValue: null },
        { name: 'log.roll.jitter.hours', toTopic: hours, defaultValue: '0' },
      ],
      check: atLeast(0),
    },
    {
      name: 'segment.ms',
      type: LONG,
      defaultValue: '604800000',
      synonyms: [
        { name: 'log.roll.ms', defaultValue: null },
        { name: 'log.roll.hours', toTopic: hours, defaultValue: '168' },
      ],
      check: atLeast(1),
    },
    def('unclean.leader.election.enable', BOOLEAN, 'false', 'unclean.leader.election.enable'),
  ].map((d) => [d.name, d]),
);

/** Checks one topic config name and value as Kafka's ConfigDef would; returns Kafka's message when invalid. */
export function checkTopicConfig(name: string, value: string | null): string | undefined {
  const definition = topicConfigDefs.get(name);
  if (!definition) return `Unknown topic config name: ${name}`;
  if (value === null) return `Null value not supported for topic configs: ${name}`;
  const bad = (kind: string): string =>
    `Invalid value ${value} for configuration ${name}: Not a number of type ${kind}`;
  switch (definition.type) {
    case INT:
      if (!/^-?\d+$/.test(value.trim()) || Math.abs(Number(value)) > 0x7fffffff) return bad('INT');
      break;
    case LONG:
      if (!/^-?\d+$/.test(value.trim())) return bad('LONG');
      break;
    case DOUBLE:
      if (value.trim() === '' || !Number.isFinite(Number(value))) return bad('DOUBLE');
      break;
    case BOOLEAN:
      if (!/^(true|false)$/i.test(value.trim()))
        return `Invalid value ${value} for configuration ${name}: Expected value to be either true or false`;
      break;
  }
  const message = definition.check?.(value.trim());
  return message === undefined || message.startsWith('Invalid value')
    ? message
    : `Invalid value ${value} for configuration ${name}: ${message}`;
}

/** What a partition log obeys; logs hold a reference and see AlterConfigs changes at once. */
export interface LogConfig {
  /** Bytes kept per partition before old segments go; -1 = no limit. */
  retentionBytes: number;
  /** Age after which a segment goes; -1 = forever. */
  retentionMs: number;
  segmentBytes: number;
  segmentMs: number;
  maxMessageBytes: number;
  /** cleanup.policy contains delete / compact. */
  delete: boolean;
  compact: boolean;
  deleteRetentionMs: number;
  minCleanableDirtyRatio: number;
  minCompactionLagMs: number;
}

/** A broker setting as started (Kafka's static broker config), used where a topic has no override. */
export type BrokerSettings = ReadonlyMap<string, string>;

/** The value of a topic config, its source (1 = topic, 4 = static broker, 5 = default) and the synonym it came from. */
export function effectiveTopicConfig(
  name: string,
  overrides: Readonly<Record<string, string>>,
  broker: BrokerSettings,
): { value: string; source: number } {
  const definition = topicConfigDefs.get(name);
  const own = overrides[name];
  if (own !== undefined) return { value: own, source: 1 };
  for (const synonym of definition?.synonyms ?? []) {
    const set = broker.get(synonym.name);
    if (set !== undefined) return { value: synonym.toTopic ? synonym.toTopic(set) : set, source: 4 };
  }
  return { value: definition?.defaultValue ?? '', source: 5 };
}

/** Resolves a topic's overrides over the broker settings into the numbers its logs obey. */
export function resolveLogConfig(overrides: Readonly<Record<string, string>>, broker: BrokerSettings): LogConfig {
  const get = (name: string): string => effectiveTopicConfig(name, overrides, broker).value;
  const num = (name: string): number => Number(get(name));
  const policy = get('cleanup.policy')
    .split(',')
    .map((p) => p.trim());
  return {
    retentionBytes: num('retention.bytes'),
    retentionMs: num('retention.ms'),
    segmentBytes: num('segment.bytes'),
    segmentMs: num('segment.ms'),
    maxMessageBytes: num('max.message.bytes'),
    delete: policy.includes('delete'),
    compact: policy.includes('compact'),
    deleteRetentionMs: num('delete.retention.ms'),
    minCleanableDirtyRatio: num('min.cleanable.dirty.ratio'),
    minCompactionLagMs: num('min.compaction.lag.ms'),
  };
}

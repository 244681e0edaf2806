import { z } from 'zod';
import { cqlIdentifierProblem, kafkaTopicProblem } from './clusterNames';

/** `host:port`, with a bracketed IPv6 host allowed; port 1-65535. */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Whether `value` is a usable `host:port` address. */
export function isHostPort(value: string): boolean {
  const match = HOST_PORT.exec(value.trim());
  if (!match) return false;
  const port = Number(match[3]);
  return port >= 1 && port <= 65535;
}

const hostPort = (what: string) =>
  z
    .string()
    .trim()
    .refine(isHostPort, { message: `expected ${what} as host:port (e.g. localhost:9092)` });

/** A string that passes `check` (null = fine), the problem's message naming what is wrong. */
const checked = (check: (value: string) => string | null) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const topicName = checked(kafkaTopicProblem);

const tlsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** PEM text of the CA that signed the server certificate; empty = the system's CAs. */
    ca: z.string().default(''),
    rejectUnauthorized: z.boolean().default(true),
  })
  .prefault({});

/** SASL mechanisms kafkajs supports and Userstream exposes. */
export const SASL_MECHANISMS = ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const;

const kafkaSchema = z
  .object({
    brokers: z
      .array(hostPort('a broker'))
      .min(1, { message: 'at least one broker is required' })
      .default(['localhost:9092']),
    topic: topicName.default('users_created'),
    groupId: z.string().trim().min(1).default('userstream'),
    clientId: z.string().trim().min(1).default('userstream'),
    /** Where a new consumer group starts: the seed read from the earliest offset. */
    startFrom: z.enum(['earliest', 'latest']).default('earliest'),
    ssl: tlsSchema,
    sasl: z
      .object({
        mechanism: z.enum(SASL_MECHANISMS).default('none'),
        username: z.string().default(''),
        password: z.string().default(''),
      })
      .prefault({})
      .refine((s) => s.mechanism === 'none' || s.username.length > 0, {
        message: 'a SASL username is required',
        path: ['username'],
      }),
    connectionTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  })
  .prefault({});

/** Consistency levels offered for writes and reads. */
export const CONSISTENCY_LEVELS = ['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'EACH_QUORUM', 'ALL'] as const;

const replicationSchema = z
  .discriminatedUnion('class', [
    z.object({ class: z.literal('SimpleStrategy'), replicationFactor: z.number().int().min(1).max(99).default(1) }),
    z.object({
      class: z.literal('NetworkTopologyStrategy'),
      dataCenters: z
        .record(z.string().min(1), z.number().int().min(1).max(99))
        .refine((r) => Object.keys(r).length > 0, { message: 'name at least one data center' }),
    }),
  ])
  .default({ class: 'SimpleStrategy', replicationFactor: 1 });

const identifier = checked(cqlIdentifierProblem);

const cassandraSchema = z
  .object({
    contactPoints: z
      .array(hostPort('a contact point'))
      .min(1, { message: 'at least one contact point is required' })
      .default(['localhost:9042']),
    /** Empty: take the data center the first contact point reports. */
    localDataCenter: z.string().trim().default(''),
    keyspace: identifier.default('spark_user_streams'),
    table: identifier.default('created_users'),
    replication: replicationSchema,
    consistency: z.enum(CONSISTENCY_LEVELS).default('LOCAL_QUORUM'),
    credentials: z.object({ username: z.string().default(''), password: z.string().default('') }).prefault({}),
    tls: tlsSchema,
  })
  .prefault({});

/** What happens to a row Cassandra keeps refusing after the driver's retries. */
export const ERROR_POLICIES = ['retry-forever', 'dead-letter'] as const;

const pipelineSchema = z
  .object({
    /** Empty string: dead-lettering off. */
    deadLetterTopic: checked((name) => (name === '' ? null : kafkaTopicProblem(name))).default('users_created.dlq'),
    /**
     * Users being written at once. 1024 keeps a cluster ~1 ms away busy (at 256 the round trips, not the cluster, set
     * the pace: bench/pipeline.bench.ts); it bounds memory to about 3 MB of messages and rows.
     */
    inFlightLimit: z.number().int().min(1).max(4096).default(1024),
    /** `retry-forever` pauses the partition and skips nothing; `dead-letter` gives up after `maxWriteAttempts`. */
    errorPolicy: z.enum(ERROR_POLICIES).default('retry-forever'),
    maxWriteAttempts: z.number().int().min(1).max(1000).default(10),
    /** Largest message value accepted; bigger ones are rejected as `too_large`. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    metricsIntervalMs: z.number().int().min(100).max(60_000).default(1_000),
    /**
     * Monitor only: the app never starts the pipeline (so it never joins the group) and only watches the group's
     * workers, like `userstream web --monitor`. `userstream run` ignores it: consuming is what it is for.
     */
    monitorOnly: z.boolean().default(false),
  })
  .prefault({});

const devstackSchema = z
  .object({
    /** Run the embedded broker and CQL store and point the pipeline at them. */
    enabled: z.boolean().default(false),
    kafkaPort: z.number().int().min(0).max(65535).default(0),
    cqlPort: z.number().int().min(0).max(65535).default(0),
  })
  .prefault({});

/** The runtime schema of `Settings`; every field has a default, so `{}` parses. */
export const settingsSchema = z.object({
  kafka: kafkaSchema,
  cassandra: cassandraSchema,
  pipeline: pipelineSchema,
  devstack: devstackSchema,
});

/** Everything the pipeline, the embedded stack and the app need to connect and run. */
export type Settings = z.output<typeof settingsSchema>;

/** Settings as a person or a file may write them: any field may be left out. */
export type SettingsInput = z.input<typeof settingsSchema>;

/** One invalid setting: `field` is a dotted path such as `kafka.brokers.0`. */
export interface SettingsProblem {
  field: string;
  message: string;
}

/** Parses untrusted settings; problems name the field. */
export function parseSettings(input: unknown): { ok: true; value: Settings } | { ok: false; error: SettingsProblem[] } {
  const parsed = settingsSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
  };
}

/** The defaults: local Kafka and Cassandra on their usual ports, the seed's topic, keyspace and table. */
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

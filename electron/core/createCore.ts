import { join } from 'node:path';
import { silentLogger, type Logger } from '../../shared/logger';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { Settings, SettingsInput, SettingsProblem } from '../../shared/settings';
import {
  connectCassandraSink,
  createKafkaClient,
  createLogSink,
  createPipeline,
  createUsersQuery,
  testCassandraConnection,
  testKafkaConnection,
  timeSinkWrites,
  type LatencyBuckets,
  type Pipeline,
  type UsersQuery,
} from '../pipeline';
import { securePrivateDataDir } from './privateDataDir';
import { createDemoProducer, type DemoProducer } from './demoProducer';
import { launchDevstackProcess, type DevstackLauncher, type RunningDevstack } from './devstackHost';
import { createCoreEventBatcher } from './eventBatcher';
import { startFleetReader, type FleetReader } from './fleetReader';
import { createSettingsController, type PreparedChange } from './settingsController';
import { createSettingsStore, type SecretStore } from './settingsStore';
import { buildSettingsView } from './settingsView';
import type { ConnectionReport, Core, ProducerStatus } from './types';
import { createUsersService, type UsersService } from './usersService';

export interface CoreOptions {
  /** Settings file, logs, error log, metrics history and the embedded stack's data live here. */
  dataDir: string;
  /** Environment whose variables (`KAFKA_BROKER`, `CASSANDRA_HOST`, …) override the settings file; not persisted. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Layered over the file and the environment, not persisted: the CLI's flags. */
  overrides?: SettingsInput;
  /** Default `<dataDir>/settings.json`; null = no file (nothing persisted). */
  settingsFile?: string | null;
  /** Start the embedded dev stack and point the pipeline at it; default `settings.devstack.enabled`. */
  embedded?: boolean;
  logLevel?: string;
  /** Every log line is also written here (the CLI's stderr). */
  logStream?: NodeJS.WritableStream;
  /** Receives the Core's log lines too (tests). */
  logger?: Logger;
  secretStore?: SecretStore;
  devstackLauncher?: DevstackLauncher;
  version?: string;
  /**
   * A pure monitor: the pipeline never starts (so this instance never joins the group) and the fleet reader runs
   * from the start.
   */
  monitor?: boolean;
  /** Counts every acknowledged row's write time (the CLI's Prometheus histogram). */
  writeLatency?: LatencyBuckets;
}

/** The log file every instance writes, relative to its data dir. */
export const LOG_FILE = join('logs', 'userstream.log');

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const fail = (code: string, error: unknown) => err(appError(code, messageOf(error), false));

/** Builds one running instance: settings, optional embedded stack, pipeline, demo producer, users query, batched events. */
export async function createCore(options: CoreOptions): Promise<Core> {
  if (!options || typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
    throw new Error('createCore: options.dataDir is required');
  }
  const dataDir = options.dataDir;
  // It holds personal data (the users), connection settings and logs: owner-only, also when an older version made it.
  const modeWarnings = await securePrivateDataDir(dataDir);
  const logFile = join(dataDir, LOG_FILE);
  const logs = createLogSink({
    file: logFile,
    level: options.logLevel ?? 'info',
    ...(options.logStream ? { also: options.logStream } : {}),
  });
  const logger = logs.logger.child({ component: 'core' });
  for (const warning of modeWarnings) logger.warn(warning);
  const extra = options.logger ?? silentLogger;
  const store = createSettingsStore(
    options.settingsFile === null ? null : (options.settingsFile ?? join(dataDir, 'settings.json')),
    options.secretStore ?? null,
  );
  const events = createCoreEventBatcher();
  logs.subscribe((entry) => events.push('logs', [entry]));

  /** The profiles, the active one's secrets, and the environment and flags above them. */
  const control = await createSettingsController({
    store,
    ...(options.env ? { env: options.env } : {}),
    ...(options.overrides ? { flags: options.overrides } : {}),
    ...(options.embedded === undefined ? {} : { embedded: options.embedded }),
    logger,
  });
  const firstParse = { value: control.effective() };

  let devstack: RunningDevstack | null = null;
  const launchDevstack = async (s: Settings) =>
    (devstack ??= await (options.devstackLauncher ?? launchDevstackProcess)({
      dataDir: join(dataDir, 'devstack'),
      kafkaPort: s.devstack.kafkaPort,
      cqlPort: s.devstack.cqlPort,
      logger: logs.logger.child({ component: 'devstack' }),
    }));
  if (firstParse.value.devstack.enabled) await launchDevstack(firstParse.value);

  /**
   * What the engine connects to: the embedded stack's addresses only when these settings turn it on (and it runs);
   * otherwise exactly the cluster they name.
   */
  const engineSettings = (s: Settings): Settings => {
    if (!s.devstack.enabled || !devstack) return s;
    const e = structuredClone(s);
    e.kafka.brokers = [devstack.kafka];
    e.kafka.ssl.enabled = false;
    e.kafka.sasl = { mechanism: 'none', username: '', password: '' };
    e.cassandra.contactPoints = [devstack.cql];
    e.cassandra.localDataCenter = '';
    e.cassandra.tls.enabled = false;
    e.cassandra.credentials = { username: '', password: '' };
    return e;
  };

  let userSettings = firstParse.value;
  let settings = engineSettings(userSettings);
  const usingEmbedded = () => !!devstack && userSettings.devstack.enabled;
  let pipeline: Pipeline;
  let users: UsersQuery;
  let usersService: UsersService;
  let producer: DemoProducer;
  let unsubscribe: (() => void)[] = [];

  const producerStatus = (): ProducerStatus => {
    const s = producer.status();
    return {
      running: s.running,
      ratePerSecond: s.ratePerSecond,
      badRatio: s.badRatio,
      sent: s.sent,
      targetIsExternal: !usingEmbedded(),
    };
  };
  const wire = () => {
    pipeline = createPipeline({
      settings,
      logger: logs.logger,
      dataDir,
      ...(options.writeLatency ? { connectSink: timeSinkWrites(connectCassandraSink, options.writeLatency) } : {}),
    });
    users = createUsersQuery({ settings: settings.cassandra, logger: logs.logger });
    usersService = createUsersService({
      query: users,
      onJobs: (jobs) => events.push('usersJobs', jobs),
      logger: logs.logger.child({ component: 'users' }),
    });
    producer = createDemoProducer({
      kafka: createKafkaClient(settings.kafka, logs.logger.child({ component: 'producer' }), '-demo'),
      topic: settings.kafka.topic,
      logger: logs.logger.child({ component: 'producer' }),
    });
    unsubscribe = [
      pipeline.on('status', (s) => events.push('status', s)),
      pipeline.on('metrics', (m) => events.push('metrics', m)),
      pipeline.on('user', (u) => events.push('users', [u])),
      pipeline.on('error', (e) => events.push('errors', [e])),
      producer.onProgress(() => events.push('producer', producerStatus())),
    ];
  };
  const unwire = async () => {
    unsubscribe.forEach((u) => u());
    unsubscribe = [];
    await producer.stop().catch(() => undefined);
    usersService.close();
    await pipeline.close();
    await users.close().catch(() => undefined);
  };
  wire();
  extra.info({ dataDir, embedded: usingEmbedded() }, 'core ready');
  logger.info({ dataDir, embedded: usingEmbedded(), logFile }, 'core ready');

  const monitor = options.monitor === true;
  let fleet: FleetReader | null = null;
  const startFleet = () =>
    (fleet ??= startFleetReader({
      kafka: settings.kafka,
      logger: logs.logger,
      onView: (view) => events.push('fleet', view),
    }));
  const restartFleet = async () => {
    const running = fleet;
    fleet = null;
    await running?.close();
    if (running || monitor) startFleet();
  };
  if (monitor) startFleet();
  /** A monitor refuses whatever would start consuming. */
  const unlessMonitor = (action: () => Promise<Result<void>>) =>
    monitor
      ? Promise.resolve(err(appError('monitor_only', 'This instance only monitors the group; it never consumes.', false)))
      : action();

  const guard = async (code: string, action: () => Promise<void>): Promise<Result<void>> => {
    try {
      await action();
      return ok(undefined);
    } catch (error) {
      return fail(code, error);
    }
  };
  let replayKafka: ReturnType<typeof createKafkaClient> | null = null;
  let closing: Promise<void> | null = null;
  /** Saves run one at a time: each tears down and rebuilds the engine. */
  let saving: Promise<unknown> = Promise.resolve();

  const invalid = (problems: SettingsProblem[]): ConnectionReport => ({
    ok: false,
    code: 'invalid_settings',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    details: {},
    elapsedMs: 0,
  });
  /** The settings a Test button checks: the input over the ones in force (an omitted field keeps its value). */
  const testTarget = (input: SettingsInput): Result<Settings, ConnectionReport> => {
    const parsed = control.testTarget(input);
    if (!parsed.ok) return err(invalid(parsed.error));
    if (parsed.value.devstack.enabled && !devstack)
      return err({
        ok: false,
        code: 'devstack_not_running',
        message: 'The embedded dev stack is not running; saving with it turned on starts it.',
        details: {},
        elapsedMs: 0,
      });
    return ok(engineSettings(parsed.value));
  };
  const stopDevstack = async () => {
    const running = devstack;
    devstack = null;
    await running?.close();
  };

  /** Puts validated settings in force: the stack first (if needed), then the write, then a rebuilt engine. */
  const apply = async (change: PreparedChange): Promise<Result<Settings, AppError>> => {
    const next = change.settings;
    try {
      // Started before anything is torn down, so a stack that cannot start leaves the running engine as it was.
      if (next.devstack.enabled) await launchDevstack(next);
      await change.commit();
      const wasActive = ['connecting', 'running', 'paused'].includes(pipeline.status().state);
      await unwire();
      // Turned off: nothing uses the embedded stack any more (the pipeline and producer were just closed).
      if (!next.devstack.enabled) await stopDevstack();
      userSettings = next;
      settings = engineSettings(userSettings);
      replayKafka = null;
      wire();
      events.push('status', pipeline.status());
      events.push('producer', producerStatus());
      events.push('profiles', control.book.view());
      if (wasActive && !monitor) void pipeline.start().catch(() => undefined);
      await restartFleet();
      return ok(userSettings);
    } catch (error) {
      return fail('save_failed', error);
    }
  };
  /** One settings change at a time: each tears down and rebuilds the engine. */
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = saving.then(run);
    saving = next.catch(() => undefined);
    return next;
  };
  const save = async (input: SettingsInput): Promise<Result<Settings, SettingsProblem[] | AppError>> => {
    const prepared = control.prepareSave(input);
    if (!prepared.ok) return prepared;
    const applied = await apply(prepared.value);
    if (applied.ok) logger.info({ embedded: usingEmbedded() }, 'settings saved');
    return applied;
  };
  const switchTo = async (id: string): Promise<Result<Settings, SettingsProblem[] | AppError>> => {
    const prepared = await control.prepareSwitch(id);
    if (!prepared.ok) return prepared;
    const applied = await apply(prepared.value);
    if (applied.ok) logger.info({ profile: id, embedded: usingEmbedded() }, 'profile switched');
    return applied;
  };
  /** A change to the profile list only (create, rename, delete, import): written, announced. */
  const bookChange = async <T>(
    change: Result<T, SettingsProblem[]>,
    deleted?: string,
  ): Promise<Result<T, SettingsProblem[] | AppError>> => {
    if (!change.ok) return change;
    try {
      await control.saveBook(deleted);
    } catch (error) {
      return fail('save_failed', error);
    }
    events.push('profiles', control.book.view());
    return change;
  };

  const core: Core = {
    info: () => ({
      version: options.version ?? '0.1.0',
      embedded: usingEmbedded(),
      dataDir,
      logFile,
      devstack: devstack && usingEmbedded() ? { kafka: devstack.kafka, cql: devstack.cql } : null,
      monitor,
    }),
    status: () => pipeline.status(),
    start: () => unlessMonitor(() => guard('start_failed', () => pipeline.start())),
    stop: () => guard('stop_failed', () => pipeline.stop()),
    pause: () => guard('pause_failed', () => pipeline.pause()),
    resume: () => unlessMonitor(() => guard('resume_failed', () => pipeline.resume())),
    resetOffsets: (to) => unlessMonitor(() => guard('reset_failed', () => pipeline.resetOffsets({ to }))),
    metricsHistory: () => pipeline.metricsHistory(),
    recentUsers: () => pipeline.recentUsers(),
    listErrors: (query) => pipeline.listErrors(query),
    async replayError({ id, value }) {
      const record = pipeline.getError(id);
      if (!record) return err(appError('not_found', `no error record ${id}`));
      try {
        replayKafka ??= createKafkaClient(settings.kafka, logs.logger.child({ component: 'replay' }), '-replay');
        const p = replayKafka.producer();
        await p.connect();
        try {
          const [meta] = await p.send({
            topic: settings.kafka.topic,
            acks: -1,
            messages: [{ key: record.key, value }],
          });
          logger.info({ id, partition: meta?.partition, offset: meta?.baseOffset }, 'error replayed');
          return ok({ partition: meta?.partition ?? 0, offset: meta?.baseOffset ?? '0' });
        } finally {
          await p.disconnect();
        }
      } catch (error) {
        return err(appError('replay_failed', messageOf(error), true));
      }
    },
    // With passwords, for the core's own users; renderers get `settingsView()`, which never carries one. Never logged.
    getSettings: () => userSettings,
    settingsView: () =>
      buildSettingsView(
        control,
        settings,
        usingEmbedded() && devstack ? { kafka: devstack.kafka, cql: devstack.cql } : null,
      ),
    saveSettings: (input) => serial(() => save(input)),
    profiles: {
      list: () => control.book.view(),
      switch: (id) => serial(() => switchTo(id)),
      create: (request) => serial(() => bookChange(control.book.create(request))),
      rename: (id, name) => serial(() => bookChange(control.book.rename(id, name))),
      remove: (id) =>
        serial(async () => {
          const removed = await bookChange(control.book.remove(id), id);
          return removed.ok ? ok(control.book.view()) : removed;
        }),
      exportProfile: async (id) => control.book.exportOf(id),
      importProfile: (json) => serial(() => bookChange(control.book.importFrom(json))),
    },
    async testKafka(input) {
      const target = testTarget(input);
      return target.ok ? testKafkaConnection(target.value.kafka) : target.error;
    },
    async testCassandra(input) {
      const target = testTarget(input);
      return target.ok ? testCassandraConnection(target.value.cassandra) : target.error;
    },
    users: {
      page: async (request) => users.page(request).then(ok, (e: unknown) => fail('query_failed', e)),
      byId: async (id) => users.byId(id).then(ok, (e: unknown) => fail('query_failed', e)),
      byEmail: async (email) => users.byEmail(email).then(ok, (e: unknown) => fail('query_failed', e)),
      byUsername: async (username) => users.byUsername(username).then(ok, (e: unknown) => fail('query_failed', e)),
      estimate: async () => ok(await usersService.estimate()),
      countExactly: async () => usersService.countExactly(),
      demographics: async (sample) => usersService.demographics(sample),
      exportToFile: (path, request) => usersService.exportToFile(path, request),
      exportStream: async (request) => usersService.exportStream(request),
      cancelJob: async (id) => usersService.cancelJob(id),
      jobs: () => usersService.jobs(),
    },
    producer: {
      status: producerStatus,
      async start({ ratePerSecond, badRatio }) {
        try {
          await producer.start({ ratePerSecond, badRatio });
          return ok(producerStatus());
        } catch (error) {
          return fail('producer_failed', error);
        }
      },
      async stop() {
        await producer.stop();
        return ok(producerStatus());
      },
    },
    recentLogs: () => logs.recent(),
    fleet: {
      view: () => startFleet().view(),
    },
    on: (event, listener) => events.on(event, listener),
    close() {
      return (closing ??= (async () => {
        await fleet?.close();
        await unwire();
        events.close();
        await stopDevstack();
        logger.info('core closed');
        logs.close();
      })());
    },
  };
  return core;
}

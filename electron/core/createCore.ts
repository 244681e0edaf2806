import { join } from 'node:path';
import { silentLogger, type Logger } from '../../shared/logger';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { Settings, SettingsInput, SettingsProblem } from '../../shared/settings';
import { createLogSink, type LatencyBuckets } from '../pipeline';
import { connectionTests } from './connectionTests';
import { wireEngine, type CoreEngine } from './coreEngine';
import { createCoreFleet } from './coreFleet';
import { startCoreHeartbeat } from './coreHeartbeat';
import { fail, guard, monitorOnly } from './coreResults';
import type { DevstackLauncher } from './devstackHost';
import { createEmbeddedStack, engineSettingsFor } from './embeddedStack';
import { producerFacade, usersFacade } from './engineFacade';
import { createErrorReplay } from './errorReplay';
import { createCoreEventBatcher } from './eventBatcher';
import { securePrivateDataDir } from './privateDataDir';
import { createSettingsController, type PreparedChange } from './settingsController';
import { createSettingsStore, type SecretStore } from './settingsStore';
import { buildSettingsView } from './settingsView';
import type { Core } from './types';

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
  /** Publish this worker's heartbeat to `userstream.workers` (`userstream run`); the tombstone goes after the drain. */
  heartbeat?: { workerId: string };
}

/** The log file every instance writes, relative to its data dir. */
export const LOG_FILE = join('logs', 'userstream.log');

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

  const stack = createEmbeddedStack({
    dataDir,
    ...(options.devstackLauncher ? { launcher: options.devstackLauncher } : {}),
    logger: logs.logger.child({ component: 'devstack' }),
  });
  if (firstParse.value.devstack.enabled) await stack.launch(firstParse.value);
  const engineSettings = (s: Settings) => engineSettingsFor(s, stack.current());

  let userSettings = firstParse.value;
  let settings = engineSettings(userSettings);
  const usingEmbedded = () => !!stack.current() && userSettings.devstack.enabled;
  /** The embedded stack's addresses while the engine uses it (plain data: it crosses to renderers). */
  const runningStack = () => {
    const running = stack.current();
    return running && usingEmbedded() ? { kafka: running.kafka, cql: running.cql } : null;
  };
  const wire = () =>
    wireEngine({
      settings,
      logs,
      dataDir,
      events,
      usingEmbedded,
      ...(options.writeLatency ? { writeLatency: options.writeLatency } : {}),
    });
  let engine: CoreEngine = wire();
  extra.info({ dataDir, embedded: usingEmbedded() }, 'core ready');
  logger.info({ dataDir, embedded: usingEmbedded(), logFile }, 'core ready');

  /** `web --monitor`, or the "Monitor only" setting of the profile in force. */
  const monitor = () => options.monitor === true || userSettings.pipeline.monitorOnly;
  const fleet = createCoreFleet({ kafka: () => settings.kafka, monitor, logger: logs.logger, events });
  const version = options.version ?? '0.1.0';
  const heartbeat = options.heartbeat
    ? await startCoreHeartbeat({
        workerId: options.heartbeat.workerId,
        version,
        kafka: () => settings.kafka,
        status: () => engine.pipeline.status(),
        events,
        logger: logs.logger,
      })
    : null;
  /** A monitor refuses whatever would start consuming. */
  const unlessMonitor = (action: () => Promise<Result<void>>) =>
    monitor() ? Promise.resolve(monitorOnly()) : action();
  const replay = createErrorReplay({ kafka: () => settings.kafka, logger: logs.logger });
  let closing: Promise<void> | null = null;
  /** Saves run one at a time: each tears down and rebuilds the engine. */
  let saving: Promise<unknown> = Promise.resolve();

  /** Puts validated settings in force: the stack first (if needed), then the write, then a rebuilt engine. */
  const apply = async (change: PreparedChange): Promise<Result<Settings, AppError>> => {
    const next = change.settings;
    try {
      // Started before anything is torn down, so a stack that cannot start leaves the running engine as it was.
      if (next.devstack.enabled) await stack.launch(next);
      await change.commit();
      const wasActive = ['connecting', 'running', 'paused'].includes(engine.pipeline.status().state);
      await engine.close();
      // Turned off: nothing uses the embedded stack any more (the pipeline and producer were just closed).
      if (!next.devstack.enabled) await stack.stop();
      userSettings = next;
      settings = engineSettings(userSettings);
      replay.reset();
      engine = wire();
      events.push('status', engine.pipeline.status());
      events.push('producer', engine.producerStatus());
      events.push('profiles', control.book.view());
      if (wasActive && !monitor()) void engine.pipeline.start().catch(() => undefined);
      await fleet.restart();
      await heartbeat?.restart();
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
      version,
      embedded: usingEmbedded(),
      dataDir,
      logFile,
      devstack: runningStack(),
      monitor: monitor(),
    }),
    status: () => engine.pipeline.status(),
    start: () => unlessMonitor(() => guard('start_failed', () => engine.pipeline.start())),
    stop: () => guard('stop_failed', () => engine.pipeline.stop()),
    pause: () => guard('pause_failed', () => engine.pipeline.pause()),
    resume: () => unlessMonitor(() => guard('resume_failed', () => engine.pipeline.resume())),
    resetOffsets: (to) => unlessMonitor(() => guard('reset_failed', () => engine.pipeline.resetOffsets({ to }))),
    metricsHistory: () => engine.pipeline.metricsHistory(),
    recentUsers: () => engine.pipeline.recentUsers(),
    listErrors: (query) => engine.pipeline.listErrors(query),
    async replayError({ id, value }) {
      const record = engine.pipeline.getError(id);
      if (!record) return err(appError('not_found', `no error record ${id}`));
      const replayed = await replay.replay({ key: record.key, value });
      if (replayed.ok) logger.info({ id, ...replayed.value }, 'error replayed');
      return replayed;
    },
    // With passwords, for the core's own users; renderers get `settingsView()`, which never carries one. Never logged.
    getSettings: () => userSettings,
    settingsView: () => buildSettingsView(control, settings, runningStack()),
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
    ...connectionTests(control, stack),
    users: usersFacade(() => engine),
    producer: producerFacade(() => engine),
    recentLogs: () => logs.recent(),
    fleet: {
      view: () => fleet.start().view(),
    },
    on: (event, listener) => events.on(event, listener),
    close() {
      return (closing ??= (async () => {
        await fleet.close();
        await engine.close();
        // After the drain: the tombstone says this worker stopped cleanly.
        await heartbeat?.close();
        events.close();
        await stack.stop();
        logger.info('core closed');
        logs.close();
      })());
    },
  };
  return core;
}

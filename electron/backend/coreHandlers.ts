import type { Handlers, IpcError, IpcResult } from '../../shared/ipc';
import type { SettingsInput, SettingsProblem } from '../../shared/settings';
import type { AppError, Result } from '../../shared/result';
import type { Core } from '../core/types';

/** Options of `createCoreHandlers`. */
export interface CoreHandlersOptions {
  core: Core;
  host: 'electron' | 'web';
}

const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

function settingsError(error: SettingsProblem[] | AppError): IpcError {
  if (Array.isArray(error)) {
    const first = error[0];
    return {
      code: 'invalid_settings',
      message: first ? `${first.field}: ${first.message}` : 'invalid settings',
      retriable: false,
      problems: error,
    };
  }
  return error;
}

/** A settings answer as data; `view` replaces the value (a Save answers with the new view). */
function settingsAnswer<T, V = T>(result: Result<T, SettingsProblem[] | AppError>, view?: () => V): IpcResult<V> {
  if (!result.ok) return { ok: false, error: settingsError(result.error) };
  return ok(view ? view() : (result.value as unknown as V));
}

/** Binds every request of the contract to the core; payloads arrive already validated. */
export function createCoreHandlers({ core, host }: CoreHandlersOptions): Handlers {
  return {
    pipeline: {
      status: async () => ok(core.status()),
      start: () => core.start(),
      stop: () => core.stop(),
      pause: () => core.pause(),
      resume: () => core.resume(),
      resetOffsets: ({ to }) => core.resetOffsets(to),
      metricsHistory: async () => ok(core.metricsHistory()),
      recentUsers: async () => ok(core.recentUsers()),
    },
    settings: {
      // An empty password is "keep the stored one"; the core decides whether it still applies (hosts, user).
      get: async () => ok(core.settingsView()),
      save: async (input) => settingsAnswer(await core.saveSettings(input as SettingsInput), () => core.settingsView()),
      testKafka: async (input) => ok(await core.testKafka(input as SettingsInput)),
      testCassandra: async (input) => ok(await core.testCassandra(input as SettingsInput)),
      profiles: async () => ok(core.profiles.list()),
      createProfile: async (request) => settingsAnswer(await core.profiles.create(request)),
      renameProfile: async ({ id, name }) => settingsAnswer(await core.profiles.rename(id, name)),
      deleteProfile: async ({ id }) => settingsAnswer(await core.profiles.remove(id)),
      switchProfile: async ({ id }) => settingsAnswer(await core.profiles.switch(id), () => core.settingsView()),
      exportProfile: async ({ id }) => settingsAnswer(await core.profiles.exportProfile(id)),
      importProfile: async ({ json }) => settingsAnswer(await core.profiles.importProfile(json)),
    },
    users: {
      page: (request) => core.users.page(request),
      byId: (request) => core.users.byId(request.id),
      byEmail: (request) => core.users.byEmail(request.email),
      byUsername: (request) => core.users.byUsername(request.username),
      estimate: () => core.users.estimate(),
      countExactly: () => core.users.countExactly(),
      demographics: ({ sample }) => core.users.demographics(sample),
      cancelJob: ({ id }) => core.users.cancelJob(id),
      jobs: async () => ok(core.users.jobs()),
      // The host answers this one (a save dialog, or a download URL); reaching the core means no host did.
      export: async () => ({
        ok: false,
        error: { code: 'host_only', message: 'exports are started by the app host', retriable: false },
      }),
    },
    errors: {
      list: async (request) => ok(core.listErrors(request ?? {})),
      replay: (request) => core.replayError(request),
    },
    producer: {
      status: async () => ok(core.producer.status()),
      start: (request) => core.producer.start(request),
      stop: () => core.producer.stop(),
    },
    logs: {
      recent: async () => ok(core.recentLogs()),
    },
    app: {
      info: async () => ok({ ...core.info(), host }),
    },
    fleet: {
      view: async () => ok(core.fleet.view()),
    },
  };
}

/** Events the core emits, by contract channel. */
export const CORE_EVENT_CHANNELS = {
  status: 'pipeline:status',
  metrics: 'pipeline:metrics',
  users: 'pipeline:users',
  errors: 'errors:added',
  logs: 'logs:lines',
  producer: 'producer:status',
  profiles: 'settings:profiles',
  usersJobs: 'users:jobs',
  fleet: 'fleet:update',
} as const;

/** Forwards every core event to `emit(channel, payload)`; returns one function that unsubscribes them all. */
export function forwardCoreEvents(core: Core, emit: (channel: string, payload: unknown) => void): () => void {
  const offs = (Object.keys(CORE_EVENT_CHANNELS) as (keyof typeof CORE_EVENT_CHANNELS)[]).map((name) =>
    core.on(name, (payload) => emit(CORE_EVENT_CHANNELS[name], payload)),
  );
  return () => offs.forEach((off) => off());
}

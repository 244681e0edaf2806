import type { Handlers, IpcError, IpcResult, SettingsView } from '../../shared/ipc';
import type { Settings, SettingsInput, SettingsProblem } from '../../shared/settings';
import type { AppError } from '../../shared/result';
import type { Core } from '../core/types';

/** Options of `createCoreHandlers`. */
export interface CoreHandlersOptions {
  core: Core;
  host: 'electron' | 'web';
}

const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });

/** Never send a password to the renderer; say whether one is stored instead. */
export function toSettingsView(settings: Settings): SettingsView {
  return {
    settings: {
      ...settings,
      kafka: { ...settings.kafka, sasl: { ...settings.kafka.sasl, password: '' } },
      cassandra: { ...settings.cassandra, credentials: { ...settings.cassandra.credentials, password: '' } },
    },
    passwordSet: {
      kafka: settings.kafka.sasl.password.length > 0,
      cassandra: settings.cassandra.credentials.password.length > 0,
    },
  };
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The renderer leaves a password out (or empty) to mean "keep the stored one": put the stored one back before the core
 * sees the input, so a Save that did not touch the password field does not erase it.
 */
export function withStoredPasswords(input: Record<string, unknown>, stored: Settings): SettingsInput {
  const kafka = record(input.kafka);
  const sasl = record(kafka.sasl);
  const cassandra = record(input.cassandra);
  const credentials = record(cassandra.credentials);
  const keep = (given: unknown, current: string) => (typeof given === 'string' && given.length > 0 ? given : current);
  return {
    ...input,
    kafka: { ...kafka, sasl: { ...sasl, password: keep(sasl.password, stored.kafka.sasl.password) } },
    cassandra: {
      ...cassandra,
      credentials: { ...credentials, password: keep(credentials.password, stored.cassandra.credentials.password) },
    },
  } as SettingsInput;
}

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
      get: async () => ok(toSettingsView(core.getSettings())),
      save: async (input) => {
        const saved = await core.saveSettings(withStoredPasswords(input, core.getSettings()));
        return saved.ok ? ok(toSettingsView(saved.value)) : { ok: false, error: settingsError(saved.error) };
      },
      testKafka: async (input) => ok(await core.testKafka(withStoredPasswords(input, core.getSettings()))),
      testCassandra: async (input) => ok(await core.testCassandra(withStoredPasswords(input, core.getSettings()))),
    },
    users: {
      page: (request) => core.users.page(request),
      byId: (request) => core.users.byId(request.id),
      byEmail: (request) => core.users.byEmail(request.email),
      byUsername: (request) => core.users.byUsername(request.username),
      count: () => core.users.count(),
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
} as const;

/** Forwards every core event to `emit(channel, payload)`; returns one function that unsubscribes them all. */
export function forwardCoreEvents(core: Core, emit: (channel: string, payload: unknown) => void): () => void {
  const offs = (Object.keys(CORE_EVENT_CHANNELS) as (keyof typeof CORE_EVENT_CHANNELS)[]).map((name) =>
    core.on(name, (payload) => emit(CORE_EVENT_CHANNELS[name], payload)),
  );
  return () => offs.forEach((off) => off());
}

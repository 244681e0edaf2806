// A fake of our own Core interface for component, host and dev tests while the real createCore is elsewhere: it keeps
// users in memory, ticks metrics once a second and lets the demo "producer" send a share of bad messages.
import { randomUUID } from 'node:crypto';
import { faker } from '@faker-js/faker';
import type { PipelineErrorRecord } from '../../shared/errorRecord';
import type { MetricsSnapshot } from '../../shared/metrics';
import type { PipelineState, PipelineStatus } from '../../shared/pipelineState';
import { appError, err, ok } from '../../shared/result';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../shared/settings';
import type { UserRow } from '../../shared/user';
import { singleProfileView } from '../core/settingsView';
import type { ConnectionReport, Core, CoreEvents, LogLine, ProducerStatus, RecentUser } from '../core/types';
import { createUsersService } from '../core/usersService';
import { silentLogger } from '../../shared/logger';
import { createFakeUsersQuery } from './fakeUsersQuery';

/** Options of `createFakeCore`. */
export interface FakeCoreOptions {
  /** Messages per second while the producer runs (default 5). */
  ratePerSecond?: number;
  badRatio?: number;
  tickMs?: number;
  /** Users already in the table at start. */
  seedUsers?: number;
  /** Each page of a scan (export, count, demographics) waits this long: lets tests cancel mid-way. */
  scanPageDelayMs?: number;
}

function fakeUser(): UserRow {
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  return {
    id: randomUUID(),
    first_name: first,
    last_name: last,
    dob: faker.date.birthdate().toISOString(),
    gender: faker.helpers.arrayElement(['male', 'female']),
    address: `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.country()}`,
    postal_code: faker.location.zipCode(),
    username: faker.internet.username({ firstName: first, lastName: last }).toLowerCase(),
    email: faker.internet.email({ firstName: first, lastName: last }).toLowerCase(),
    phone: faker.phone.number(),
    registered_date: faker.date.past({ years: 10 }).toISOString(),
    picture: null,
  };
}

const DEMO_PROFILE = { id: 'demo', name: 'Demo' };

/** An in-memory Core with the real contract's behaviour, good enough to drive the UI. */
export function createFakeCore(options: FakeCoreOptions = {}): Core & { emitNow(): void } {
  const tickMs = options.tickMs ?? 1000;
  const listeners = new Map<keyof CoreEvents, Set<(p: unknown) => void>>();
  const emit = <E extends keyof CoreEvents>(e: E, p: CoreEvents[E]) => listeners.get(e)?.forEach((l) => l(p));
  const users: UserRow[] = Array.from({ length: options.seedUsers ?? 0 }, fakeUser);
  const recent: RecentUser[] = [];
  const errors: PipelineErrorRecord[] = [];
  const logs: LogLine[] = [];
  const history: MetricsSnapshot[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS, devstack: { ...DEFAULT_SETTINGS.devstack, enabled: true } };
  let status: PipelineStatus = {
    state: 'idle',
    since: Date.now(),
    kafka: { state: 'unknown', address: '127.0.0.1:9092' },
    cassandra: { state: 'unknown', address: '127.0.0.1:9042' },
  };
  const producer: ProducerStatus = {
    running: true,
    ratePerSecond: options.ratePerSecond ?? 5,
    badRatio: options.badRatio ?? 0.05,
    sent: 0,
    targetIsExternal: false,
  };
  let backlog = 0;
  let offset = 0;
  const totals = { consumed: 0, written: 0, rejected: 0 };

  const log = (level: LogLine['level'], message: string) => {
    const line = { at: Date.now(), level, message };
    logs.push(line);
    if (logs.length > 1000) logs.shift();
    emit('logs', [line]);
  };
  const setState = (state: PipelineState, up: boolean) => {
    const link = up ? 'up' : 'unknown';
    status = {
      ...status,
      state,
      since: Date.now(),
      kafka: { ...status.kafka, state: link, detail: 'embedded', version: '3.7.0' },
      cassandra: { ...status.cassandra, state: link, detail: 'datacenter1', version: '4.1.0' },
    };
    emit('status', status);
    log('info', `pipeline ${state}`);
  };

  const tick = () => {
    if (producer.running) {
      const n = Math.round((producer.ratePerSecond * tickMs) / 1000);
      producer.sent += n;
      backlog += n;
      emit('producer', { ...producer });
    }
    let consumed = 0;
    let written = 0;
    let rejected = 0;
    const fresh: RecentUser[] = [];
    const newErrors: PipelineErrorRecord[] = [];
    if (status.state === 'running') {
      while (backlog > 0) {
        backlog--;
        consumed++;
        offset++;
        if (Math.random() < producer.badRatio) {
          rejected++;
          newErrors.push({
            id: `users_created/0/${offset}`,
            at: Date.now(),
            kind: 'decode',
            origin: { topic: 'users_created', partition: 0, offset: String(offset), timestamp: Date.now() },
            key: null,
            value: { encoding: 'utf8', text: '{"first_name": 42}', bytes: 18, truncated: false },
            problems: [{ field: 'first_name', code: 'wrong_type', message: 'expected string, got number' }],
            deadLettered: true,
          });
        } else {
          written++;
          const row = fakeUser();
          users.push(row);
          fresh.push({ row, writtenAt: Date.now(), partition: 0, offset: String(offset) });
        }
      }
    }
    totals.consumed += consumed;
    totals.written += written;
    totals.rejected += rejected;
    recent.push(...fresh);
    recent.splice(0, Math.max(0, recent.length - 50));
    errors.unshift(...newErrors.reverse());
    errors.splice(500);
    const per = (n: number) => (n * 1000) / tickMs;
    const snapshot: MetricsSnapshot = {
      at: Date.now(),
      intervalMs: tickMs,
      consumed: { total: totals.consumed, perSecond: per(consumed) },
      written: { total: totals.written, perSecond: per(written) },
      rejected: { total: totals.rejected, perSecond: per(rejected) },
      deadLettered: { total: totals.rejected, perSecond: per(rejected) },
      bytes: { total: totals.consumed * 400, perSecond: per(consumed * 400) },
      latencyMs:
        written > 0 ? { p50: 4 + Math.random() * 2, p95: 9 + Math.random() * 3, p99: 14 + Math.random() * 6 } : null,
      partitions: [
        {
          topic: 'users_created',
          partition: 0,
          committedOffset: offset,
          highWatermark: offset + backlog,
          lag: backlog,
        },
      ],
      totalLag: backlog,
      members: [],
      inFlightWrites: 0,
      eventLoopLagMs: { p50: 1, p99: 3, max: 5 },
      memory: { rssBytes: 120e6, heapUsedBytes: 40e6 },
    };
    history.push(snapshot);
    history.splice(0, Math.max(0, history.length - 3600));
    emit('metrics', snapshot);
    if (fresh.length) emit('users', fresh);
    if (newErrors.length) emit('errors', newErrors);
  };
  const usersService = createUsersService({
    query: createFakeUsersQuery(users, { pageDelayMs: options.scanPageDelayMs ?? 0 }),
    onJobs: (jobs) => emit('usersJobs', jobs),
    logger: silentLogger,
  });
  const timer = setInterval(tick, tickMs);
  setState('running', true);

  const done = async () => ok(undefined);
  const move = (to: PipelineState, up = true) => {
    setState(to, up);
    return done();
  };
  return {
    emitNow: tick,
    info: () => ({
      version: '0.1.0',
      embedded: true,
      dataDir: '/tmp/userstream-fake',
      logFile: '/tmp/userstream-fake/userstream.log',
      devstack: { kafka: '127.0.0.1:9092', cql: '127.0.0.1:9042' },
    }),
    status: () => status,
    start: () => move('running'),
    stop: () => move('stopped', false),
    pause: () =>
      status.state === 'running'
        ? move('paused')
        : Promise.resolve(err(appError('not_running', 'the pipeline is not running'))),
    resume: () =>
      status.state === 'paused'
        ? move('running')
        : Promise.resolve(err(appError('not_paused', 'the pipeline is not paused'))),
    resetOffsets: done,
    metricsHistory: () => [...history],
    recentUsers: () => [...recent],
    listErrors: ({ reason, limit }) =>
      errors.filter((e) => !reason || e.problems.some((p) => p.code === reason)).slice(0, limit ?? 500),
    replayError: async ({ id, value }) => {
      try {
        JSON.parse(value);
      } catch {
        return err(appError('not_json', 'the edited value is not JSON'));
      }
      backlog++;
      log('info', `replayed ${id}`);
      return ok({ partition: 0, offset: String(offset + backlog) });
    },
    getSettings: () => settings,
    settingsView: () => singleProfileView(settings, DEMO_PROFILE),
    profiles: {
      list: () => singleProfileView(settings, DEMO_PROFILE).profiles,
      switch: async (id) => (id === DEMO_PROFILE.id ? ok(settings) : err(appError('not_found', `no profile "${id}"`))),
      create: async () => err(appError('not_supported', 'the fake core has one profile')),
      rename: async () => err(appError('not_supported', 'the fake core has one profile')),
      remove: async () => err(appError('not_supported', 'the fake core has one profile')),
      exportProfile: async () => ok({ userstreamProfile: 1 as const, name: DEMO_PROFILE.name, settings: {} }),
      importProfile: async () => err(appError('not_supported', 'the fake core has one profile')),
    },
    saveSettings: async (input) => {
      const parsed = parseSettings(input);
      if (!parsed.ok) return err(parsed.error);
      settings = parsed.value;
      setState('running', true);
      return ok(settings);
    },
    testKafka: async (input): Promise<ConnectionReport> => {
      const parsed = parseSettings(input);
      const reachable = parsed.ok && parsed.value.kafka.brokers.every((b) => b.endsWith(':9092'));
      return reachable
        ? {
            ok: true,
            code: 'ok',
            message: 'Connected: 1 broker, topic users_created exists',
            details: { brokers: '1' },
            elapsedMs: 12,
          }
        : {
            ok: false,
            code: 'unreachable',
            message: `Could not reach ${parsed.ok ? parsed.value.kafka.brokers.join(', ') : 'the brokers'}: connection refused. Is Kafka running there?`,
            details: {},
            elapsedMs: 30,
          };
    },
    testCassandra: async () => ({
      ok: true,
      code: 'ok',
      message: 'Connected to datacenter1, Cassandra 4.1.0',
      details: { dataCenter: 'datacenter1' },
      elapsedMs: 9,
    }),
    users: {
      page: async ({ pageSize, pageState }) => {
        const start = pageState ? Number(pageState) : 0;
        const rows = users.slice(start, start + pageSize);
        return ok({ rows, nextPageState: start + pageSize < users.length ? String(start + pageSize) : null });
      },
      byId: async (id) => ok(users.find((u) => u.id === id) ?? null),
      byEmail: async (email) => ok(users.filter((u) => u.email === email)),
      byUsername: async (username) => ok(users.filter((u) => u.username === username)),
      estimate: async () => ok(await usersService.estimate()),
      countExactly: async () => usersService.countExactly(),
      demographics: async (sample) => usersService.demographics(sample),
      exportToFile: (path, request) => usersService.exportToFile(path, request),
      exportStream: async (request) => usersService.exportStream(request),
      cancelJob: async (id) => usersService.cancelJob(id),
      jobs: () => usersService.jobs(),
    },
    producer: {
      status: () => ({ ...producer }),
      start: async ({ ratePerSecond, badRatio }) => {
        Object.assign(producer, { running: true, ratePerSecond, badRatio });
        emit('producer', { ...producer });
        return ok({ ...producer });
      },
      stop: async () => {
        producer.running = false;
        emit('producer', { ...producer });
        return ok({ ...producer });
      },
    },
    recentLogs: () => [...logs],
    fleet: { view: () => null },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    close: async () => {
      clearInterval(timer);
      usersService.close();
    },
  };
}

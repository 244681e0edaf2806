// A fake of our own window.api for component tests: answers from in-memory data and lets the test emit host events.
import { buildApi, type Api, type IpcResult } from '../../../shared/ipc';
import type { MetricsSnapshot } from '../../../shared/metrics';
import type { PipelineStatus } from '../../../shared/pipelineState';
import type { UserRow } from '../../../shared/user';
import { fakeSettingsView } from './fakeSettingsView';

export function user(n: number): UserRow {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    first_name: `First${n}`,
    last_name: `Last${n}`,
    dob: '1990-01-01T00:00:00.000Z',
    gender: n % 2 ? 'female' : 'male',
    address: `1 Road, Town, Country${n % 3}`,
    postal_code: '123',
    username: `user${n}`,
    email: `user${n}@example.com`,
    phone: '555',
    registered_date: '2020-01-01T00:00:00.000Z',
    picture: null,
  };
}

export function status(state: PipelineStatus['state']): PipelineStatus {
  return { state, since: 0, kafka: { state: 'up', address: 'k:9092' }, cassandra: { state: 'up', address: 'c:9042' } };
}

export function snapshot(at: number, written: number): MetricsSnapshot {
  const rate = { total: written, perSecond: 1 };
  return {
    at,
    intervalMs: 1000,
    consumed: rate,
    written: rate,
    rejected: { total: 0, perSecond: 0 },
    deadLettered: { total: 0, perSecond: 0 },
    bytes: rate,
    latencyMs: { p50: 1, p95: 2, p99: 3 },
    partitions: [],
    totalLag: 0,
    members: [],
    inFlightWrites: 0,
    eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
    memory: { rssBytes: 0, heapUsedBytes: 0 },
  };
}

/** A fake api plus `emit(channel, payload)` and the list of requests it saw. */
export function createFakeApi(
  options: { users?: UserRow[]; handlers?: Record<string, (payload: unknown) => unknown> } = {},
) {
  const users = options.users ?? Array.from({ length: 25 }, (_, i) => user(i));
  let state: PipelineStatus = status('running');
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: [string, unknown][] = [];
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  const answers: Record<string, (payload: unknown) => unknown> = {
    'app:info': () => ({
      version: '0.1.0',
      embedded: true,
      dataDir: '/d',
      logFile: '/d/userstream.log',
      devstack: { kafka: 'k:1', cql: 'c:2' },
      host: 'web',
    }),
    'pipeline:status': () => state,
    'pipeline:metricsHistory': () => [],
    'pipeline:recentUsers': () => [],
    'pipeline:pause': () => {
      state = status('paused');
      emit('pipeline:status', state);
    },
    'pipeline:resume': () => {
      state = status('running');
      emit('pipeline:status', state);
    },
    'pipeline:stop': () => {
      state = status('stopped');
      emit('pipeline:status', state);
    },
    'pipeline:start': () => {
      state = status('running');
      emit('pipeline:status', state);
    },
    'errors:list': () => [],
    'logs:recent': () => [],
    'producer:status': () => ({ running: true, ratePerSecond: 5, badRatio: 0.05, sent: 0, targetIsExternal: false }),
    'settings:get': () => fakeSettingsView(),
    'settings:profiles': () => fakeSettingsView().profiles,
    'users:estimate': () => ({ state: 'ok', users: users.length, hosts: 1, hostsAnswered: 1, at: Date.now() }),
    'users:jobs': () => [],
    'users:page': (p) => {
      const { pageSize, pageState } = p as { pageSize: number; pageState: string | null };
      const start = pageState ? Number(pageState) : 0;
      return {
        rows: users.slice(start, start + pageSize),
        nextPageState: start + pageSize < users.length ? String(start + pageSize) : null,
      };
    },
    'users:byEmail': (p) => users.filter((u) => u.email === (p as { email: string }).email),
    'users:byUsername': (p) => users.filter((u) => u.username === (p as { username: string }).username),
    'users:byId': (p) => users.find((u) => u.id === (p as { id: string }).id) ?? null,
    ...options.handlers,
  };
  const api: Api = buildApi({
    async invoke(channel, payload) {
      calls.push([channel, payload]);
      const answer = answers[channel];
      if (!answer)
        return { ok: false, error: { code: 'unknown', message: `no fake for ${channel}`, retriable: false } };
      const value = answer(payload);
      if (value && typeof value === 'object' && 'ok' in value) return value as IpcResult<unknown>;
      return { ok: true, value };
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  return { api, emit, calls, users };
}

// The fake core's users table: a UsersQuery over an in-memory list, so the fake core runs the real UsersService
// (jobs, export encoding, demographics) over it. `pageDelayMs` slows scans down, for tests that cancel mid-way.
import type { UserRow } from '../../shared/user';
import type { UsersQuery } from '../pipeline';

export function createFakeUsersQuery(users: readonly UserRow[], options: { pageDelayMs?: number } = {}): UsersQuery {
  const pause = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (!options.pageDelayMs) return resolve();
      const timer = setTimeout(resolve, options.pageDelayMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      });
    });
  return {
    async page({ pageSize, pageState }) {
      const start = pageState ? Number(pageState) : 0;
      return {
        rows: users.slice(start, start + pageSize),
        nextPageState: start + pageSize < users.length ? String(start + pageSize) : null,
      };
    },
    byId: async (id) => users.find((u) => u.id === id) ?? null,
    byEmail: async (email) => users.filter((u) => u.email === email),
    byUsername: async (username) => users.filter((u) => u.username === username),
    estimate: async () => ({ state: 'ok', users: users.length, hosts: 1, hostsAnswered: 1, at: Date.now() }),
    countExactly: async ({ signal, onProgress } = {}) => {
      await pause(signal);
      onProgress?.(users.length);
      return users.length;
    },
    async *scan({ signal, fetchSize = 1000 } = {}) {
      const end = users.length;
      for (let start = 0; start < end; start += fetchSize) {
        await pause(signal);
        signal?.throwIfAborted();
        yield users.slice(start, Math.min(end, start + fetchSize));
      }
    },
    close: async () => undefined,
  };
}

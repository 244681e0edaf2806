import { ok } from '../../shared/result';
import type { CoreEngine } from './coreEngine';
import { fail } from './coreResults';
import type { Core } from './types';

/** `core.users` over whichever engine is in force (a settings change replaces it). */
export function usersFacade(engine: () => CoreEngine): Core['users'] {
  const query = <T>(run: (users: CoreEngine['users']) => Promise<T>) =>
    run(engine().users).then(ok, (e: unknown) => fail('query_failed', e));
  return {
    page: (request) => query((u) => u.page(request)),
    byId: (id) => query((u) => u.byId(id)),
    byEmail: (email) => query((u) => u.byEmail(email)),
    byUsername: (username) => query((u) => u.byUsername(username)),
    estimate: async () => ok(await engine().usersService.estimate()),
    countExactly: async () => engine().usersService.countExactly(),
    demographics: async (sample) => engine().usersService.demographics(sample),
    exportToFile: (path, request) => engine().usersService.exportToFile(path, request),
    exportStream: async (request) => engine().usersService.exportStream(request),
    cancelJob: async (id) => engine().usersService.cancelJob(id),
    jobs: () => engine().usersService.jobs(),
  };
}

/** `core.producer` (the demo producer) over whichever engine is in force. */
export function producerFacade(engine: () => CoreEngine): Core['producer'] {
  return {
    status: () => engine().producerStatus(),
    async start({ ratePerSecond, badRatio }) {
      try {
        await engine().producer.start({ ratePerSecond, badRatio });
        return ok(engine().producerStatus());
      } catch (error) {
        return fail('producer_failed', error);
      }
    },
    async stop() {
      await engine().producer.stop();
      return ok(engine().producerStatus());
    },
  };
}

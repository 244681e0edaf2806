// For tests: the exact number of users through the core's own count job (a token-range scan of ids), -1 on failure.
import type { Core } from '../types';

export async function countUsers(core: Core): Promise<number> {
  const started = await core.users.countExactly();
  if (!started.ok) return -1;
  const id = started.value.id;
  const finished = () => core.users.jobs().find((j) => j.id === id && j.state !== 'running');
  const job =
    finished() ??
    (await new Promise<ReturnType<typeof finished>>((resolve) => {
      const off = core.on('usersJobs', () => {
        const done = finished();
        if (done) {
          off();
          resolve(done);
        }
      });
    }));
  return job?.result?.kind === 'count' ? job.result.count : -1;
}

import { useEffect, useState } from 'react';
import type { Api } from '../../../../shared/ipc';
import {
  USERS_ESTIMATE_POLL_MS,
  type UsersEstimate,
  type UsersJob,
  type UsersJobKind,
} from '../../../../shared/usersJobs';

/** The core's jobs (count, export, demographics): the list on mount, then every change the core reports. */
export function useUsersJobs(api: Api): UsersJob[] {
  const [jobs, setJobs] = useState<UsersJob[]>([]);
  useEffect(() => {
    let live = true;
    const off = api.users.onJobs((list) => live && setJobs(list));
    void api.users.jobs().then((r) => live && r.ok && setJobs(r.value));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return jobs;
}

/** The running job of a kind, else the last finished one. */
export function jobOf(jobs: readonly UsersJob[], kind: UsersJobKind): UsersJob | null {
  return jobs.find((j) => j.kind === kind && j.state === 'running') ?? jobs.find((j) => j.kind === kind) ?? null;
}

/**
 * The table's size estimate, asked every USERS_ESTIMATE_POLL_MS while the view is open. The core answers from its
 * cache and re-reads `system.size_estimates` at most every 30 s: the view never makes the cluster count anything.
 */
export function useUsersEstimate(api: Api): UsersEstimate | null {
  const [estimate, setEstimate] = useState<UsersEstimate | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () => void api.users.estimate().then((r) => live && r.ok && setEstimate(r.value));
    refresh();
    const timer = setInterval(refresh, USERS_ESTIMATE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  return estimate;
}

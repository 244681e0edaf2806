import { z } from 'zod';
import type { UserRow } from '../user';
import type { UsersEstimate, UsersJob } from '../usersJobs';
import { event, method, query, type DomainContract } from './contract';
import type { UsersPageView } from './types';

const search = z.object({ by: z.enum(['email', 'username', 'id']), value: z.string().trim().min(1).max(512) }).strict();

/** The payload of `users:export`: what to write; where is the host's business (a save dialog, or a download). */
export const usersExportRequestSchema = z
  .object({ format: z.enum(['csv', 'jsonl']), search: search.optional() })
  .strict();

/**
 * How an export started: written by the core to a file the person picked, streamed as a browser download from a
 * one-time URL, or not at all (the save dialog was dismissed).
 */
export type UsersExportStartView =
  { delivery: 'file'; path: string; job: UsersJob } | { delivery: 'download'; url: string } | { delivery: 'none' };

/** Browsing and exact search of the ingested users; the estimate; count, export and demographics as core jobs. */
export const usersContract = {
  methods: {
    page: method<UsersPageView>()(
      z.object({ pageSize: z.number().int().min(1).max(5000), pageState: z.string().max(8192).nullable() }).strict(),
    ),
    byId: method<UserRow | null>()(z.object({ id: z.string().trim().min(1).max(64) }).strict()),
    byEmail: method<UserRow[]>()(z.object({ email: z.string().trim().min(1).max(512) }).strict()),
    byUsername: method<UserRow[]>()(z.object({ username: z.string().trim().min(1).max(512) }).strict()),
    /** `system.size_estimates` summed over the nodes, cached in the core (re-read at most every 30 s). */
    estimate: query<UsersEstimate>(),
    /** Starts an exact count (a token-range scan of ids); progress arrives as `jobs` events. */
    countExactly: query<UsersJob>(),
    /** Starts an export; answered by the app host (save dialog or download URL), the core writes the rows. */
    export: method<UsersExportStartView>()(usersExportRequestSchema),
    /** Starts demographics over the first `sample` rows in token order, or the whole table (null). */
    demographics: method<UsersJob>()(z.object({ sample: z.number().int().min(1).max(1_000_000).nullable() }).strict()),
    cancelJob: method<void>()(z.object({ id: z.string().min(1).max(64) }).strict()),
    /** Running jobs and the last finished one of each kind. */
    jobs: query<UsersJob[]>(),
  },
  events: {
    jobs: event<UsersJob[]>('latest'),
  },
} as const satisfies DomainContract;

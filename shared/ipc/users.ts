import { z } from 'zod';
import type { UserRow } from '../user';
import { method, query, type DomainContract } from './contract';
import type { UsersPageView } from './types';

/** Browsing and exact search of the ingested users. */
export const usersContract = {
  methods: {
    page: method<UsersPageView>()(
      z.object({ pageSize: z.number().int().min(1).max(5000), pageState: z.string().max(8192).nullable() }).strict(),
    ),
    byId: method<UserRow | null>()(z.object({ id: z.string().trim().min(1).max(64) }).strict()),
    byEmail: method<UserRow[]>()(z.object({ email: z.string().trim().min(1).max(512) }).strict()),
    byUsername: method<UserRow[]>()(z.object({ username: z.string().trim().min(1).max(512) }).strict()),
    count: query<number>(),
  },
  events: {},
} as const satisfies DomainContract;

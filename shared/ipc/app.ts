import { query, type DomainContract } from './contract';
import type { AppInfoView } from './types';

/** Facts about this instance (version, embedded stack, where the data and log file are). */
export const appContract = {
  methods: {
    info: query<AppInfoView>(),
  },
  events: {},
} as const satisfies DomainContract;

import { event, query, type DomainContract } from './contract';
import type { LogLineView } from './types';

/** The live log tail. */
export const logsContract = {
  methods: {
    recent: query<LogLineView[]>(),
  },
  events: {
    lines: event<LogLineView[]>('append'),
  },
} as const satisfies DomainContract;

import { z } from 'zod';
import type { MetricsSnapshot } from '../metrics';
import type { PipelineStatus } from '../pipelineState';
import { event, method, query, type DomainContract } from './contract';
import type { RecentUserView } from './types';

/** Where offsets go on reset: earliest, latest or the first offset at/after a time (epoch ms). */
export const offsetTargetSchema = z.union([
  z.literal('earliest'),
  z.literal('latest'),
  z.object({ timestamp: z.number().int().min(0) }).strict(),
]);

/** The pipeline's lifecycle, metrics and live feed. */
export const pipelineContract = {
  methods: {
    status: query<PipelineStatus>(),
    start: query<void>(),
    stop: query<void>(),
    pause: query<void>(),
    resume: query<void>(),
    resetOffsets: method<void>()(z.object({ to: offsetTargetSchema }).strict()),
    metricsHistory: query<MetricsSnapshot[]>(),
    recentUsers: query<RecentUserView[]>(),
  },
  events: {
    status: event<PipelineStatus>('latest'),
    metrics: event<MetricsSnapshot>('latest'),
    users: event<RecentUserView[]>('append'),
  },
} as const satisfies DomainContract;

import { z } from 'zod';
import type { PipelineErrorRecord } from '../errorRecord';
import { event, method, type DomainContract } from './contract';

/** Rejected messages: list, replay after editing, and new ones as they happen. */
export const errorsContract = {
  methods: {
    list: method<PipelineErrorRecord[]>()(
      z
        .object({ reason: z.string().max(64).optional(), limit: z.number().int().min(1).max(10_000).optional() })
        .strict()
        .optional(),
    ),
    replay: method<{ partition: number; offset: string }>()(
      z.object({ id: z.string().min(1).max(1024), value: z.string().max(4 * 1024 * 1024) }).strict(),
    ),
  },
  events: {
    added: event<PipelineErrorRecord[]>('append'),
  },
} as const satisfies DomainContract;

import { z } from 'zod';
import { event, method, query, type DomainContract } from './contract';
import type { ProducerStatusView } from './types';

/** The demo producer: on/off, rate and share of bad messages. */
export const producerContract = {
  methods: {
    status: query<ProducerStatusView>(),
    start: method<ProducerStatusView>()(
      z.object({ ratePerSecond: z.number().min(0.1).max(100_000), badRatio: z.number().min(0).max(1) }).strict(),
    ),
    stop: query<ProducerStatusView>(),
  },
  events: {
    status: event<ProducerStatusView>('latest'),
  },
} as const satisfies DomainContract;

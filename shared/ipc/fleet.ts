import type { FleetView } from '../fleet';
import { event, query, type DomainContract } from './contract';

/** The workers of the group: members joined with their heartbeats; `update` at most once a second. */
export const fleetContract = {
  methods: {
    /** The latest view; null until the first read of the group (the reader starts on the first call). */
    view: query<FleetView | null>(),
  },
  events: {
    update: event<FleetView>('latest'),
  },
} as const satisfies DomainContract;

import type { MetricsSnapshot } from '../../../../shared/metrics';

/** A snapshot's p99: its own, or in a monitor (a snapshot made from the fleet) the slowest worker's. */
export const p99Of = (m: MetricsSnapshot | undefined): number | null =>
  m?.latencyMs?.p99 ?? m?.fleet?.slowestP99Ms ?? null;

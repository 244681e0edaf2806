import type { PipelineStatus } from './pipelineState';

/** Whether a worker is ready to take traffic (running with both links up), and if not, why, in words. */
export interface Readiness {
  ready: boolean;
  reason: string;
}

/** Ready means consuming: running, Kafka and Cassandra both reachable as far as the pipeline last saw. */
export function readinessOf(status: PipelineStatus): Readiness {
  if (status.cassandra.state === 'down')
    return { ready: false, reason: `Cassandra unavailable: ${status.cassandra.reason ?? 'no answer'}` };
  if (status.kafka.state === 'down')
    return { ready: false, reason: `Kafka unavailable: ${status.kafka.reason ?? 'no answer'}` };
  if (status.state !== 'running')
    return { ready: false, reason: status.reason ? `${status.state}: ${status.reason}` : status.state };
  return { ready: true, reason: 'consuming' };
}

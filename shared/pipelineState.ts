/** The pipeline's lifecycle states; transitions are defined once, in `PIPELINE_TRANSITIONS`. */
export const PIPELINE_STATES = ['idle', 'connecting', 'running', 'paused', 'stopping', 'stopped', 'error'] as const;

/** One pipeline state. */
export type PipelineState = (typeof PIPELINE_STATES)[number];

/**
 * Allowed transitions. `connecting` is also where a running pipeline goes back to when Kafka or Cassandra drops and it
 * reconnects by itself; `error` is terminal until the user starts again.
 */
export const PIPELINE_TRANSITIONS: Readonly<Record<PipelineState, readonly PipelineState[]>> = {
  idle: ['connecting', 'stopped'],
  connecting: ['running', 'paused', 'stopping', 'error'],
  running: ['paused', 'connecting', 'stopping', 'error'],
  paused: ['running', 'connecting', 'stopping', 'error'],
  stopping: ['stopped', 'error'],
  stopped: ['connecting'],
  error: ['connecting', 'stopping', 'stopped'],
};

/** Whether the pipeline may move from `from` to `to`. */
export function canTransition(from: PipelineState, to: PipelineState): boolean {
  return PIPELINE_TRANSITIONS[from].includes(to);
}

/** Whether a dependency is reachable right now, as the pipeline last saw it. */
export type LinkState = 'unknown' | 'up' | 'down';

/** What the pipeline knows about one side (Kafka or Cassandra): shown as a connection chip. */
export interface LinkStatus {
  state: LinkState;
  /** Brokers or contact points, as configured. */
  address: string;
  /** Cassandra data center or Kafka cluster id, once known. */
  detail?: string;
  /** Server version, once known (Cassandra release_version). */
  version?: string;
  /** How exact search is served on this cluster (Cassandra only): SAI indexes (5.0+) or lookup tables. */
  search?: 'sai' | 'lookup-tables';
  /** Why it is down, readable by a person. */
  reason?: string;
}

/** The pipeline's state with its reason and the state of both links. */
export interface PipelineStatus {
  state: PipelineState;
  /** Why the pipeline is in `error` (or reconnecting), readable by a person. */
  reason?: string;
  /** Epoch milliseconds of the last transition. */
  since: number;
  kafka: LinkStatus;
  cassandra: LinkStatus;
}

// The public shapes of a running broker and cluster (createKafkaBroker / createKafkaCluster) and of plug-in factories.
import type { ApiHandlerSet, BrokerServices } from './apis/types';

/** A running broker. */
export interface KafkaBroker {
  /** Advertised host. */
  host: string;
  /** Real listening port. */
  port: number;
  /** Port given to clients in Metadata: `advertisedPort`, or the listening port. */
  advertisedPort: number;
  /**
   * Runs the log cleaner now over every partition: retention, and compaction where due (`force`: every compacted
   * log whatever its dirty ratio). The timer (`logCleanerIntervalMs`) runs the same without `force`.
   */
  maintainLogs(force?: boolean): void;
  /** Stops listening, closes client connections and plug-ins, flushes and closes the logs. Idempotent. */
  close(): Promise<void>;
}

/** One broker of a cluster, as tests and the devstack see it. */
export interface ClusterBroker {
  nodeId: number;
  /** Advertised host. */
  host: string;
  /** Real port of each listener, the main one first. */
  ports: number[];
  /** Port of the main listener given to clients in Metadata. */
  advertisedPort: number;
  running: boolean;
}

/** Several brokers in one process sharing one set of topics, logs and group coordinator. */
export interface KafkaCluster {
  /** Every broker, in node id order (a snapshot: read it again after stopping or starting one). */
  brokers(): ClusterBroker[];
  /** Node id leading a partition. */
  leaderOf(topic: string, partition: number): number;
  /** Node id coordinating a group (or a transactional id). */
  coordinatorOf(key: string): number;
  /** Stops one broker's listeners (connections refused; its partitions have no leader) until `startBroker`. */
  stopBroker(nodeId: number): Promise<void>;
  /** Starts a stopped broker again on the same ports. */
  startBroker(nodeId: number): Promise<void>;
  /** See KafkaBroker.maintainLogs. */
  maintainLogs(force?: boolean): void;
  /** Stops every broker, closes plug-ins, flushes and closes the logs. Idempotent. */
  close(): Promise<void>;
}

/** Builds plug-in handler sets (e.g. the group coordinator) once the broker's services exist. */
export type HandlerSetFactory = (services: BrokerServices) => ApiHandlerSet;

// Who leads what in a cluster of brokers sharing one set of logs: partition leaders round robin from a start broker
// chosen by the topic's name (Kafka's assignment picks a random start; a hash keeps it stable across restarts without
// storing it), and group / transaction coordinators by Kafka's rule (the hash of the key picks a partition of
// __consumer_offsets / __transaction_state, whose leader coordinates it). Which brokers run is tracked here too.

/** Kafka's offsets.topic.num.partitions and transaction.state.log.num.partitions defaults. */
const COORDINATOR_PARTITIONS = 50;

/** Java's String.hashCode over UTF-16 code units (what Kafka hashes group and transactional ids with). */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's Utils.abs: Math.abs, with MIN_VALUE mapped to 0. */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

export interface ClusterLayout {
  /** Node ids, in broker order. */
  readonly nodeIds: readonly number[];
  /** Node id leading `partition` of `topic` (whether it runs or not). */
  leaderOf(topic: string, partition: number): number;
  /** Node id coordinating a group (keyType 0) or a transactional id (keyType 1). */
  coordinatorOf(key: string): number;
  /** Is the broker running (listening)? */
  isLive(nodeId: number): boolean;
  setLive(nodeId: number, live: boolean): void;
  /** Lowest running node id (Kafka elects one controller; any fixed rule will do), or -1 when none runs. */
  controllerId(): number;
}

/**
 * `assigned` gives a partition's broker from a manual assignment, if any; one that is not in the cluster (a data dir
 * from a larger cluster) falls back to the round robin.
 */
export function createClusterLayout(
  nodeIds: readonly number[],
  assigned: (topic: string, partition: number) => number | null | undefined = () => undefined,
): ClusterLayout {
  const count = nodeIds.length;
  const live = new Set(nodeIds);
  const at = (index: number): number => nodeIds[index % count] as number;
  return {
    nodeIds,
    leaderOf(topic, partition) {
      if (count === 1) return at(0);
      const manual = assigned(topic, partition);
      if (manual !== undefined && manual !== null && nodeIds.includes(manual)) return manual;
      return at(kafkaAbs(javaStringHash(topic)) + partition);
    },
    coordinatorOf(key) {
      // The coordinator partitions are themselves led round robin from the first broker.
      return at(kafkaAbs(javaStringHash(key)) % COORDINATOR_PARTITIONS);
    },
    isLive: (nodeId) => live.has(nodeId),
    setLive(nodeId, running) {
      if (running) live.add(nodeId);
      else live.delete(nodeId);
    },
    controllerId() {
      let lowest = -1;
      for (const id of live) if (lowest < 0 || id < lowest) lowest = id;
      return lowest;
    },
  };
}

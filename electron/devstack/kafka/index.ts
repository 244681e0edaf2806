// Public entry of the embedded Kafka-protocol broker (see README.md beside this file).
import { startKafkaBroker, startKafkaCluster, type KafkaBroker, type KafkaCluster } from './broker';
import type { KafkaClusterOptions } from './cluster/options';
import { groupCoordinatorPlugin } from './groups/index';
import type { KafkaBrokerOptions } from './options';

export type { ClusterBroker, KafkaBroker, KafkaCluster } from './broker';
export type { KafkaClusterOptions, KafkaListenerOptions } from './cluster/options';
export type { KafkaBrokerOptions } from './options';

/**
 * Starts a single-node Kafka-protocol broker with the consumer-group coordinator plugged in; resolves once it
 * listens. Committed group offsets live under `<dataDir>/groups`, topics under `<dataDir>/topics`.
 */
export function createKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  return startKafkaBroker(options, [groupCoordinatorPlugin()]);
}

/**
 * Starts `brokers` brokers (node ids `nodeId`, `nodeId + 1`, ...) in this process, sharing one set of topics and one
 * group coordinator, partition leaders spread across them; resolves once all listen. Same data dir layout as one
 * broker. See README.md, "Several brokers".
 */
export function createKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  return startKafkaCluster(options, [groupCoordinatorPlugin()]);
}

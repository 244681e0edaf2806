// Public entry of the embedded Kafka-protocol broker (see README.md beside this file).
import { startKafkaBroker, type KafkaBroker } from './broker';
import { groupCoordinatorPlugin } from './groups/index';
import type { KafkaBrokerOptions } from './options';

export type { KafkaBroker } from './broker';
export type { KafkaBrokerOptions } from './options';

/**
 * Starts a single-node Kafka-protocol broker with the consumer-group coordinator plugged in; resolves once it
 * listens. Committed group offsets live under `<dataDir>/groups`, topics under `<dataDir>/topics`.
 */
export function createKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  return startKafkaBroker(options, [groupCoordinatorPlugin()]);
}

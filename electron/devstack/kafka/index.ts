// Public entry of the embedded Kafka-protocol broker (see README.md beside this file).
import { startKafkaBroker, type KafkaBroker } from './broker';
import type { KafkaBrokerOptions } from './options';

export type { KafkaBroker } from './broker';
export type { KafkaBrokerOptions } from './options';

/** Starts a single-node Kafka-protocol broker; resolves once it listens. */
export function createKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  return startKafkaBroker(options, []);
}

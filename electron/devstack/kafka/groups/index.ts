// Public entry of the consumer-group coordinator plugged into the embedded Kafka-protocol broker.
export { createGroupCoordinator } from './coordinator';
export type { GroupCoordinator, GroupCoordinatorOptions } from './coordinator';
export { groupApiHandlers, groupCoordinatorPlugin } from './handlers';
export type { GroupPluginOptions } from './handlers';
export { createFakeClock, systemClock } from './clock';
export type { Clock, FakeClock, TimerHandle } from './clock';
export type * from './types';

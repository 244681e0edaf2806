import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import type { CoreEventBatcher } from './eventBatcher';
import { startFleetReader, type FleetReader } from './fleetReader';

/** The core's fleet reader: started by the first look (or at once in a monitor), restarted with new settings. */
export interface CoreFleet {
  /** The running reader, started if it was not. */
  start(): FleetReader;
  /** Points a running reader (or a monitor's) at the settings now in force. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Creates the slot; `kafka()` is read at every (re)start, so a settings change reaches the next reader. */
export function createCoreFleet(options: {
  kafka(): Settings['kafka'];
  /** Whether the core only monitors (read at creation and at every restart: a setting can turn it on). */
  monitor(): boolean;
  logger: Logger;
  events: CoreEventBatcher;
}): CoreFleet {
  let fleet: FleetReader | null = null;
  const start = () =>
    (fleet ??= startFleetReader({
      kafka: options.kafka(),
      logger: options.logger,
      onView: (view) => options.events.push('fleet', view),
    }));
  if (options.monitor()) start();
  return {
    start,
    async restart() {
      const running = fleet;
      fleet = null;
      await running?.close();
      if (running || options.monitor()) start();
    },
    close: async () => {
      await fleet?.close();
    },
  };
}

import { join } from 'node:path';
import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import { launchDevstackProcess, type DevstackLauncher, type RunningDevstack } from './devstackHost';

/** The embedded dev stack of one core: started on demand (once), stopped when the settings turn it off. */
export interface EmbeddedStack {
  /** Starts it if it is not running; resolves with the running one. */
  launch(settings: Settings): Promise<RunningDevstack>;
  /** The running stack, if any. */
  current(): RunningDevstack | null;
  stop(): Promise<void>;
}

/** Holds the core's embedded stack; the stack's own data lives in `<dataDir>/devstack`. */
export function createEmbeddedStack(options: {
  dataDir: string;
  launcher?: DevstackLauncher;
  logger: Logger;
}): EmbeddedStack {
  let devstack: RunningDevstack | null = null;
  return {
    launch: async (s) =>
      (devstack ??= await (options.launcher ?? launchDevstackProcess)({
        dataDir: join(options.dataDir, 'devstack'),
        kafkaPort: s.devstack.kafkaPort,
        cqlPort: s.devstack.cqlPort,
        logger: options.logger,
      })),
    current: () => devstack,
    async stop() {
      const running = devstack;
      devstack = null;
      await running?.close();
    },
  };
}

/**
 * What the engine connects to: the embedded stack's addresses only when these settings turn it on (and it runs);
 * otherwise exactly the cluster they name.
 */
export function engineSettingsFor(s: Settings, devstack: RunningDevstack | null): Settings {
  if (!s.devstack.enabled || !devstack) return s;
  const e = structuredClone(s);
  e.kafka.brokers = [devstack.kafka];
  e.kafka.ssl.enabled = false;
  e.kafka.sasl = { mechanism: 'none', username: '', password: '' };
  e.cassandra.contactPoints = [devstack.cql];
  e.cassandra.localDataCenter = '';
  e.cassandra.tls.enabled = false;
  e.cassandra.credentials = { username: '', password: '' };
  return e;
}

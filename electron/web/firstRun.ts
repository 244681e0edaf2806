import { existsSync } from 'node:fs';
import { envNamesCluster } from '../../shared/settingsEnv';

/**
 * Whether this start should use the embedded dev stack: yes on a first run (no settings file) unless the environment
 * names a cluster (`KAFKA_BROKER` / `CASSANDRA_HOST`); otherwise the saved `devstack.enabled` decides (undefined).
 */
export function embeddedOnFirstRun(
  settingsFile: string,
  env: Readonly<Record<string, string | undefined>>,
): boolean | undefined {
  if (envNamesCluster(env)) return false;
  return existsSync(settingsFile) ? undefined : true;
}

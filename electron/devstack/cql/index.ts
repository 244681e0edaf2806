// The embedded Cassandra-native-protocol store: createCqlServer starts the wire server (this folder) around the CQL
// engine (engine/).
import { createCqlEngine } from './engine';
import type { CqlServerOptions } from './options';
import { startCqlServer, type CqlServer } from './server';

export type { CassandraVersion, CqlServerOptions } from './options';
export { CASSANDRA_VERSIONS } from './options';
export type { CqlServer } from './server';
export { RELEASE_VERSIONS } from './server';

/** Starts a single-node CQL store; resolves once it listens. `port: 0` picks a free port (see the returned `port`). */
export function createCqlServer(options: CqlServerOptions = {}): Promise<CqlServer> {
  return startCqlServer(options, createCqlEngine);
}

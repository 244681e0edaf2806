// The CQL engine behind the wire server: createCqlEngine validates its options, recovers the data dir (if any) and
// returns the CqlEngine of the seam in ./types.
import { silentLogger } from '../../../../shared/logger';
import { buildEngine, type EngineClock } from './engine';
import { Storage } from './storage';
import type { CqlEngine, CqlEngineOptions } from './types';

export type { CqlEngine, CqlEngineOptions } from './types';
export type { EngineClock } from './engine';

/** Extra knobs for tests and benchmarks; the server passes only CqlEngineOptions. */
export interface CqlEngineTuning {
  /** Time source for write timestamps and TTL expiry (tests inject one). */
  clock?: EngineClock;
  /** Commit-log size that triggers a snapshot; default 64 MiB. */
  compactAtBytes?: number;
}

export async function createCqlEngine(options: CqlEngineOptions & CqlEngineTuning): Promise<CqlEngine> {
  if (typeof options.node !== 'function') throw new TypeError('createCqlEngine: option "node" must be a function');
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === ''))
    throw new TypeError('createCqlEngine: option "dataDir" must be a non-empty string when given');
  const compactAtBytes = options.compactAtBytes ?? 64 * 1024 * 1024;
  if (!Number.isFinite(compactAtBytes) || compactAtBytes <= 0)
    throw new TypeError('createCqlEngine: option "compactAtBytes" must be a positive number');
  const clock = options.clock ?? { now: () => Date.now() };
  const storage = new Storage({
    dataDir: options.dataDir ?? null,
    logger: options.logger ?? silentLogger,
    compactAtBytes,
    nowSeconds: () => Math.floor(clock.now() / 1000),
  });
  storage.open();
  const engine = buildEngine(storage, options.node, clock, options.systemRows);
  await warmUp(engine);
  return engine;
}

/** Runs the read path once so the first client query does not pay for compiling it (tens of ms). */
async function warmUp(engine: CqlEngine): Promise<void> {
  const options = {
    sessionKeyspace: null,
    consistency: 1,
    serialConsistency: null,
    pageSize: 10,
    pagingState: null,
    defaultTimestamp: null,
    skipMetadata: false,
  };
  for (let i = 0; i < 3; i++) await engine.query('SELECT * FROM system_schema.columns', [], options);
}

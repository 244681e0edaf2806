// Test helpers (tests only): a tiny session over a CqlEngine that encodes parameters and decodes rows with the real
// cassandra-driver codec, so engine tests read like client code and check bytes against an independent encoder.
import { randomUUID } from 'node:crypto';
import cassandra from 'cassandra-driver';
import { createCqlEngine, type CqlEngineTuning } from './index';
import {
  evenTokens,
  type CqlEngine,
  type CqlError,
  type CqlType,
  type ExecuteOptions,
  type ExecutionResult,
} from './types';

const { dataTypes } = cassandra.types;
// The driver's codec is exported at runtime but missing from its type declarations.
const { Encoder } = cassandra as unknown as {
  Encoder: new (
    version: number,
    options: object,
  ) => {
    encode(value: unknown, type: DriverType): Buffer;
    decode(bytes: Buffer, type: DriverType): unknown;
  };
};
const encoder = new Encoder(4, {});

interface DriverType {
  code: number;
  info?: DriverType | DriverType[] | null;
}

/** The driver's type descriptor for one of ours. */
export function driverType(t: CqlType): DriverType {
  switch (t.kind) {
    case 'native':
      return { code: (dataTypes as unknown as Record<string, number>)[t.name] as number };
    case 'list':
    case 'set':
      return { code: t.kind === 'list' ? dataTypes.list : dataTypes.set, info: driverType(t.element) };
    case 'map':
      return { code: dataTypes.map, info: [driverType(t.key), driverType(t.value)] };
    case 'tuple':
      return { code: dataTypes.tuple, info: t.elements.map(driverType) };
    case 'custom':
      return { code: dataTypes.custom, info: t.className } as unknown as DriverType;
    case 'vector':
      return {
        code: dataTypes.custom,
        info: [driverType(t.element), t.dimension],
        customTypeName: 'vector',
      } as unknown as DriverType;
    case 'udt':
      return {
        code: dataTypes.udt,
        info: { name: t.name, fields: t.fields.map((f) => ({ name: f.name, type: driverType(f.type) })) },
      } as unknown as DriverType;
  }
}

export const encode = (value: unknown, t: CqlType): Buffer => encoder.encode(value, driverType(t));
export const decode = (b: Buffer | null, t: CqlType): unknown => (b === null ? null : encoder.decode(b, driverType(t)));

export class EngineRequestError extends Error {
  constructor(readonly error: CqlError) {
    super(`${error.code.toString(16)}: ${error.message}`);
  }
}

export interface Rows {
  rows: Record<string, unknown>[];
  names: string[];
  pagingState: Buffer | null;
  result: ExecutionResult;
}

export const NODE = {
  address: '127.0.0.1',
  port: 9042,
  dataCenter: 'datacenter1',
  rack: 'rack1',
  clusterName: 'Test Cluster',
  releaseVersion: '4.1.5',
  hostId: randomUUID(),
  tokens: evenTokens(16),
};

export class Session {
  keyspace: string | null = null;
  constructor(readonly engine: CqlEngine) {}

  private options(o: Partial<ExecuteOptions>): ExecuteOptions {
    return {
      sessionKeyspace: this.keyspace,
      consistency: 1,
      serialConsistency: null,
      pageSize: null,
      pagingState: null,
      defaultTimestamp: null,
      skipMetadata: false,
      ...o,
    };
  }

  /** Runs a query; with params it is prepared first so the markers' types drive the encoding. */
  async run(query: string, params: unknown[] = [], o: Partial<ExecuteOptions> = {}): Promise<Rows> {
    let result;
    if (params.length === 0) result = await this.engine.query(query, [], this.options(o));
    else {
      const p = this.engine.prepare(query, this.keyspace);
      if (!p.ok) throw new EngineRequestError(p.error);
      const values = params.map((v, i) =>
        v === undefined ? 'unset' : v === null ? null : encode(v, (p.value.bindMarkers[i] as { type: CqlType }).type),
      );
      result = await this.engine.execute(p.value.id, values as (Buffer | null | 'unset')[], this.options(o));
    }
    if (!result.ok) throw new EngineRequestError(result.error);
    const r = result.value;
    if (r.kind === 'setKeyspace') this.keyspace = r.keyspace;
    if (r.kind !== 'rows') return { rows: [], names: [], pagingState: null, result: r };
    const names = r.columns.map((c) => c.name);
    const rows = r.rows.map((row) =>
      Object.fromEntries(r.columns.map((c, i) => [c.name, decode(row[i] ?? null, c.type)])),
    );
    return { rows, names, pagingState: r.pagingState, result: r };
  }

  /** The error code and message a statement fails with (throws if it succeeds). */
  async failure(query: string, params: unknown[] = []): Promise<CqlError> {
    try {
      await this.run(query, params);
    } catch (e) {
      if (e instanceof EngineRequestError) return e.error;
      throw e;
    }
    throw new Error(`expected ${query} to fail`);
  }
}

export async function openSession(
  tuning: CqlEngineTuning & { dataDir?: string; releaseVersion?: string } = {},
): Promise<Session> {
  const { releaseVersion, ...rest } = tuning;
  const node = releaseVersion === undefined ? NODE : { ...NODE, releaseVersion };
  const engine = await createCqlEngine({ node: () => node, ...rest });
  return new Session(engine);
}

export const simpleKeyspace = (name: string) =>
  `CREATE KEYSPACE ${name} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`;

// The rows the wire server keeps for the engine's system tables (engine/types.ts SystemRowSource): system_traces,
// system_views.clients / settings, and system_auth's role tables when a role store is given.
import type { SystemRowSource } from '../engine/types';
import { bigintCell, boolCell, inetCell, intCell, textCell, textMapCell, type SystemRow } from './cells';
import type { TraceStore } from './traces';

/** One connected client, as system_views.clients lists it. */
export interface ClientInfo {
  address: string;
  port: number;
  /** STARTUP options (CQL_VERSION, DRIVER_NAME, DRIVER_VERSION, COMPRESSION, ...); empty before STARTUP. */
  options: ReadonlyMap<string, string>;
  stage: 'new' | 'authenticating' | 'ready';
  keyspace: string | null;
  protocolVersion: number | null;
  requests: number;
  username: string | null;
  ssl: boolean;
}

export interface SystemViewSources {
  traces: TraceStore;
  clients: () => ClientInfo[];
  /** name → value, as system_views.settings lists cassandra.yaml. */
  settings: () => Record<string, string>;
  /** system_auth tables by name, when roles are on. */
  auth?: (table: string) => SystemRow[] | null;
}

const STAGES: Record<ClientInfo['stage'], string> = {
  new: 'established',
  authenticating: 'authenticating',
  ready: 'ready',
};

function clientRow(c: ClientInfo): SystemRow {
  return {
    address: inetCell(c.address),
    port: intCell(c.port),
    client_options: textMapCell(Object.fromEntries(c.options)),
    connection_stage: textCell(STAGES[c.stage]),
    driver_name: c.options.has('DRIVER_NAME') ? textCell(c.options.get('DRIVER_NAME') as string) : null,
    driver_version: c.options.has('DRIVER_VERSION') ? textCell(c.options.get('DRIVER_VERSION') as string) : null,
    hostname: textCell(c.address === '127.0.0.1' || c.address === '::1' ? 'localhost' : c.address),
    keyspace_name: c.keyspace === null ? null : textCell(c.keyspace),
    protocol_version: c.protocolVersion === null ? null : intCell(c.protocolVersion),
    request_count: bigintCell(c.requests),
    ssl_cipher_suite: null,
    ssl_enabled: boolCell(c.ssl),
    ssl_protocol: null,
    username: textCell(c.username ?? 'anonymous'),
  };
}

export function systemRowSource(sources: SystemViewSources): SystemRowSource {
  return (keyspace, table) => {
    if (keyspace === 'system_traces') {
      if (table === 'sessions') return sources.traces.sessionRows();
      if (table === 'events') return sources.traces.eventRows();
      return null;
    }
    if (keyspace === 'system_views') {
      if (table === 'clients') return sources.clients().map(clientRow);
      if (table === 'settings')
        return Object.entries(sources.settings()).map(([name, value]) => ({
          name: textCell(name),
          value: textCell(value),
        }));
      return null;
    }
    if (keyspace === 'system_auth') return sources.auth?.(table) ?? [];
    return null;
  };
}

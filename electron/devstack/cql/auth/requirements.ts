// What a data statement needs under CassandraAuthorizer: SELECT / MODIFY on its table, CREATE / ALTER / DROP on the
// keyspace or table it changes. Read from the engine's own parse of the statement; a statement that does not parse
// needs nothing here (the engine answers it with its syntax error).
import type { Statement } from '../engine/ast';
import { parseCql } from '../engine/parser';
import type { Permission } from './resources';

export interface Requirement {
  permission: Permission;
  /** 'data', 'data/ks' or 'data/ks/t'. */
  resource: string;
}

/** Keyspaces every logged-in role may read, as Cassandra lets drivers read schema and node tables. */
const READABLE = new Set([
  'system',
  'system_schema',
  'system_virtual_schema',
  'system_views',
  'system_traces',
  'system_distributed',
]);

type Loose = Record<string, unknown>;

function keyspaceOf(ref: unknown, session: string | null): string | null {
  if (typeof ref === 'string') return ref;
  if (ref !== null && typeof ref === 'object' && 'keyspace' in ref) {
    const ks = (ref as { keyspace: unknown }).keyspace;
    if (typeof ks === 'string') return ks;
  }
  return session;
}

function tableResource(ref: { keyspace: string | null; table: string }, session: string | null): string | null {
  const ks = ref.keyspace ?? session;
  return ks === null ? null : `data/${ks}/${ref.table}`;
}

function of(s: Statement, session: string | null): Requirement[] {
  const need = (permission: Permission, resource: string | null): Requirement[] =>
    resource === null ? [] : [{ permission, resource }];
  switch (s.kind) {
    case 'select': {
      const ks = s.table.keyspace ?? session;
      if (ks !== null && READABLE.has(ks)) return [];
      return need('SELECT', tableResource(s.table, session));
    }
    case 'insert':
    case 'update':
    case 'delete':
    case 'truncate':
      return need('MODIFY', tableResource(s.table, session));
    case 'batch':
      return s.statements.flatMap((b) => of(b, session));
    case 'createKeyspace':
      return need('CREATE', 'data');
    case 'dropKeyspace':
      return need('DROP', `data/${s.name}`);
    case 'createTable': {
      const ks = s.table.keyspace ?? session;
      return need('CREATE', ks === null ? null : `data/${ks}`);
    }
    case 'dropTable':
      return need('DROP', tableResource(s.table, session));
    case 'alterTable':
    case 'createIndex':
      return need('ALTER', tableResource(s.table, session));
    case 'dropIndex': {
      const ks = s.keyspace ?? session;
      return need('ALTER', ks === null ? null : `data/${ks}`);
    }
    case 'use':
    case 'describe':
      return [];
    default: {
      // Statements other helpers add (ALTER KEYSPACE, user types, functions): by their verb, on their keyspace.
      const loose = s as unknown as Loose;
      const verb = /^(create|alter|drop)/.exec(String(loose.kind))?.[1];
      if (verb === undefined) return [];
      const ks = keyspaceOf(loose.keyspace ?? loose.table ?? loose.type ?? loose.name, session);
      return need(verb.toUpperCase() as Permission, ks === null ? null : `data/${ks}`);
    }
  }
}

const cache = new Map<string, Requirement[]>();

/** The permissions `query` needs, run with `session` as its keyspace. */
export function requirementsOf(query: string, session: string | null): Requirement[] {
  const key = `${session ?? ''}\u0000${query}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: Requirement[];
  try {
    result = of(parseCql(query).statement, session);
  } catch {
    result = [];
  }
  if (cache.size >= 1024) cache.clear();
  cache.set(key, result);
  return result;
}

// Schema statements (USE, CREATE/ALTER/DROP KEYSPACE, CREATE/DROP TABLE, ALTER TABLE, TRUNCATE) against the storage's catalog.
import { usesVector } from './cqlType';
import type { CqlType } from './types';
import type { Statement, TableRef } from './ast';
import { alterTable } from './alterTable';
import { runTypeDdl } from './userTypes';
import { InvalidRequest } from './bind';
import { normaliseReplication, tableFromStatement, type TableMeta } from './catalog';
import { AlreadyExists, ConfigError } from './errors';
import { createIndex, dropIndex } from './indexDdl';
import { CqlSyntaxError } from './lexer';
import type { Storage } from './storage';
import { alterBaseViews, createView, dropView, VIEW_WARNING, viewsOf } from './views';
import { isSystemKeyspace } from './systemRows';
import { SYSTEM_TABLES } from './systemSchema';
import type { ExecutionResult, SchemaChange } from './types';

const NAME = /^\w{1,48}$/;

export function keyspaceOf(ref: TableRef, session: string | null): string {
  const ks = ref.keyspace ?? session;
  if (ks === null)
    throw new InvalidRequest(
      'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename',
    );
  return ks;
}

/** A user table, or an error naming what is missing as Cassandra does. */
export function userTable(storage: Storage, ref: TableRef, session: string | null): TableMeta {
  const ks = keyspaceOf(ref, session);
  const keyspace = storage.keyspaces.get(ks);
  if (!keyspace) {
    if (SYSTEM_TABLES.get(ks)?.has(ref.table))
      throw new InvalidRequest(`Modification of system keyspace ${ks} is not supported`);
    throw new InvalidRequest(`Keyspace ${ks} does not exist`);
  }
  const table = keyspace.tables.get(ref.table);
  if (!table) throw new InvalidRequest(`unconfigured table ${ref.table}`);
  return table;
}

type DdlStatement = Extract<
  Statement,
  {
    kind:
      | 'use'
      | 'createKeyspace'
      | 'dropKeyspace'
      | 'alterKeyspace'
      | 'createTable'
      | 'dropTable'
      | 'alterTable'
      | 'createType'
      | 'alterType'
      | 'dropType'
      | 'truncate'
      | 'createIndex'
      | 'dropIndex'
      | 'createView'
      | 'dropView';
  }
>;

export interface DdlOutcome {
  result: ExecutionResult;
  change: SchemaChange | null;
  truncate: TableMeta | null;
  /** Further changes to announce (the views an ALTER TABLE of their base changed). */
  also?: SchemaChange[];
}

const done = (change: SchemaChange | null): DdlOutcome => ({
  result: change ? { kind: 'schemaChange', change } : { kind: 'void' },
  change,
  truncate: null,
});

/** Runs a schema statement; `release` is the Cassandra version the node reports (index kinds differ by version). */
/** Before 5.0 `vector` is no type name: Cassandra 4.1 looks it up as a user type and finds none. */
function refuseVectorBefore5(release: string, keyspace: string, columns: { type: CqlType }[]): void {
  if (Number.parseInt(release, 10) < 5 && columns.some((c) => usesVector(c.type)))
    throw new InvalidRequest(`Unknown type ${keyspace}.vector`);
}

export function runDdl(s: DdlStatement, storage: Storage, session: string | null, release: string): DdlOutcome {
  switch (s.kind) {
    case 'createIndex': {
      const ks = keyspaceOf(s.table, session);
      return done(createIndex(s, storage.keyspaces.get(ks), ks, release));
    }
    case 'dropIndex': {
      const ks = s.keyspace ?? session;
      if (ks === null)
        throw new InvalidRequest(
          'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename',
        );
      return done(dropIndex(s, storage.keyspaces.get(ks), ks));
    }
    case 'createView': {
      const ks = keyspaceOf(s.view, session);
      const keyspace = storage.keyspaces.get(ks);
      if (!keyspace) throw new InvalidRequest(`Keyspace '${ks}' doesn't exist`);
      const view = createView(s, keyspace);
      if (view === null) return done(null);
      keyspace.tables.set(view.name, view);
      const change: SchemaChange = { type: 'CREATED', target: 'TABLE', keyspace: ks, name: view.name };
      return { result: { kind: 'schemaChange', change, warnings: [VIEW_WARNING] }, change, truncate: null };
    }
    case 'dropView': {
      const ks = keyspaceOf(s.view, session);
      return done(dropView(s, storage.keyspaces.get(ks), ks));
    }
    case 'use': {
      if (!storage.keyspaces.has(s.keyspace) && !isSystemKeyspace(s.keyspace))
        throw new InvalidRequest(`Keyspace '${s.keyspace}' does not exist`);
      return { result: { kind: 'setKeyspace', keyspace: s.keyspace }, change: null, truncate: null };
    }
    case 'createKeyspace': {
      if (!NAME.test(s.name))
        throw new InvalidRequest(
          `Keyspace name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got "${s.name}")`,
        );
      if (storage.keyspaces.has(s.name) || isSystemKeyspace(s.name)) {
        if (s.ifNotExists) return done(null);
        throw new AlreadyExists(`Keyspace ${s.name} already exists`, s.name, '');
      }
      let replication: Record<string, string>;
      try {
        replication = normaliseReplication(s.replication);
      } catch (e) {
        throw new ConfigError((e as Error).message);
      }
      storage.keyspaces.set(s.name, {
        name: s.name,
        replication,
        durableWrites: s.durableWrites,
        tables: new Map(),
        types: new Map(),
      });
      return done({ type: 'CREATED', target: 'KEYSPACE', keyspace: s.name });
    }
    case 'alterKeyspace': {
      // system_auth, system_traces and system_distributed take ALTER on a cluster (drivers' tests raise their
      // replication); one node has nothing to replicate, so it is accepted and changes nothing.
      if (isSystemKeyspace(s.name)) {
        if (
          s.name === 'system' ||
          s.name === 'system_schema' ||
          s.name.startsWith('system_virtual') ||
          s.name === 'system_views'
        )
          throw new InvalidRequest(`Modification of system keyspace ${s.name} is not supported`);
        return done({ type: 'UPDATED', target: 'KEYSPACE', keyspace: s.name });
      }
      const keyspace = storage.keyspaces.get(s.name);
      if (!keyspace) {
        if (s.ifExists) return done(null);
        throw new InvalidRequest(`Keyspace '${s.name}' doesn't exist`);
      }
      let replication = keyspace.replication;
      if (s.replication !== null)
        try {
          replication = normaliseReplication(s.replication);
        } catch (e) {
          throw new ConfigError((e as Error).message);
        }
      storage.keyspaces.set(s.name, {
        ...keyspace,
        replication,
        durableWrites: s.durableWrites ?? keyspace.durableWrites,
      });
      return done({ type: 'UPDATED', target: 'KEYSPACE', keyspace: s.name });
    }
    case 'dropKeyspace': {
      if (isSystemKeyspace(s.name)) throw new InvalidRequest(`Cannot drop system keyspace ${s.name}`);
      if (!storage.keyspaces.delete(s.name)) {
        if (s.ifExists) return done(null);
        throw new InvalidRequest(`Keyspace '${s.name}' doesn't exist`);
      }
      return done({ type: 'DROPPED', target: 'KEYSPACE', keyspace: s.name });
    }
    case 'createTable': {
      const ks = keyspaceOf(s.table, session);
      const keyspace = storage.keyspaces.get(ks);
      if (!keyspace) throw new InvalidRequest(`Keyspace '${ks}' doesn't exist`);
      if (!NAME.test(s.table.table))
        throw new InvalidRequest(
          `Table name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got "${s.table.table}")`,
        );
      if (keyspace.tables.has(s.table.table)) {
        if (s.ifNotExists) return done(null);
        throw new AlreadyExists(`Table ${ks}.${s.table.table} already exists`, ks, s.table.table);
      }
      refuseVectorBefore5(release, ks, s.columns);
      let table: TableMeta;
      try {
        table = tableFromStatement(s, ks, keyspace.types);
      } catch (e) {
        if (e instanceof CqlSyntaxError) throw e;
        throw new InvalidRequest((e as Error).message);
      }
      keyspace.tables.set(table.name, table);
      return done({ type: 'CREATED', target: 'TABLE', keyspace: ks, name: table.name });
    }
    case 'dropTable': {
      const ks = keyspaceOf(s.table, session);
      const keyspace = storage.keyspaces.get(ks);
      const dropped = keyspace?.tables.get(s.table.table);
      if (dropped?.view) throw new InvalidRequest('Cannot use DROP TABLE on Materialized View');
      const views = keyspace && dropped ? viewsOf(keyspace, dropped.name) : [];
      if (views.length > 0)
        throw new InvalidRequest(
          `Cannot drop table when materialized views still depend on it (${ks}.{${views.join(', ')}})`,
        );
      if (!keyspace?.tables.delete(s.table.table)) {
        if (s.ifExists) return done(null);
        throw new InvalidRequest(`Table '${ks}.${s.table.table}' doesn't exist`);
      }
      return done({ type: 'DROPPED', target: 'TABLE', keyspace: ks, name: s.table.table });
    }
    case 'createType':
    case 'alterType':
    case 'dropType': {
      const ks = s.keyspace ?? session;
      if (ks === null)
        throw new InvalidRequest(
          'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename',
        );
      const keyspace = storage.keyspaces.get(ks);
      if (!keyspace) throw new InvalidRequest(`Keyspace '${ks}' doesn't exist`);
      if (s.kind === 'createType') refuseVectorBefore5(release, ks, s.fields);
      return done(runTypeDdl(s, keyspace));
    }
    case 'alterTable': {
      const ks = keyspaceOf(s.table, session);
      const keyspace = storage.keyspaces.get(ks);
      const table = keyspace?.tables.get(s.table.table);
      if (!keyspace || !table) {
        if (s.ifExists) return done(null);
        if (!keyspace) throw new InvalidRequest(`Keyspace '${ks}' doesn't exist`);
        throw new InvalidRequest(`Table '${ks}.${s.table.table}' doesn't exist`);
      }
      if (table.view && !s.view) throw new InvalidRequest('Cannot use ALTER TABLE on Materialized View');
      if (!table.view && s.view) throw new InvalidRequest(`Materialized view '${ks}.${table.name}' doesn't exist`);
      if (s.view && s.action.kind === 'with' && s.action.options.has('default_time_to_live'))
        throw new InvalidRequest(
          'Cannot set or alter default_time_to_live for a materialized view. Data in a materialized view always expire at the same time than the corresponding data in the parent table.',
        );
      const micros = BigInt(Date.now()) * 1000n;
      if (s.action.kind === 'add') refuseVectorBefore5(release, ks, s.action.columns);
      const altered = alterTable(s, table, micros, keyspace.types);
      if (altered === null) return done(null);
      // After the base's own checks passed (alterTable changes nothing in place), before it is stored.
      const views = table.view ? [] : alterBaseViews(s, keyspace, table.name, micros);
      keyspace.tables.set(altered.name, altered);
      return {
        ...done({ type: 'UPDATED', target: 'TABLE', keyspace: ks, name: altered.name }),
        also: views.map((name) => ({ type: 'UPDATED', target: 'TABLE', keyspace: ks, name })),
      };
    }
    case 'truncate': {
      const table = userTable(storage, s.table, session);
      if (table.view)
        throw new InvalidRequest('Cannot TRUNCATE materialized view directly; must truncate base table instead');
      return { result: { kind: 'void' }, change: null, truncate: table };
    }
  }
}

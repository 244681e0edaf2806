// The parsed form of the CQL statements the engine runs. Names are already case-folded by the lexer.
import type { CqlType } from './types';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'uuid'; text: string }
  /** An unquoted duration such as `1h30m` or `P1DT2H`. */
  | { kind: 'duration'; text: string }
  | { kind: 'blob'; hex: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'list'; items: Literal[] }
  | { kind: 'set'; items: Literal[] }
  | { kind: 'map'; entries: [Literal, Literal][] }
  | { kind: 'tuple'; items: Literal[] }
  /** `{field: value, ...}`: a user-defined type's value. */
  | { kind: 'udt'; fields: [string, Literal][] };

/**
 * A value in a statement: a literal, a bind marker numbered in order of appearance, or a native function call
 * (`now()`, `intAsBlob(?)`, `fromJson('...')`) whose arguments are terms; `fn` is lower-cased, without `system.`.
 */
export type Term =
  | { kind: 'literal'; value: Literal }
  | { kind: 'marker'; index: number; name: string | null }
  | { kind: 'call'; fn: string; args: Term[] };

export interface TableRef {
  keyspace: string | null;
  table: string;
}

export type CompareOp = '=' | '<' | '<=' | '>' | '>=' | '!=';

export type Relation =
  | { kind: 'compare'; column: string; op: CompareOp; term: Term }
  | { kind: 'in'; column: string; terms: Term[] }
  /** `col IN ?`: one marker bound to a list. */
  | { kind: 'inMarker'; column: string; term: Term }
  | { kind: 'contains'; column: string; key: boolean; term: Term }
  /** `m[key] = value`: one entry of a map. */
  | { kind: 'mapEntry'; column: string; key: Term; term: Term }
  | { kind: 'token'; columns: string[]; op: CompareOp; term: Term };

/** One expression of a SELECT clause; function names are lower-cased, without `system.`. */
export type SelectExpr =
  | { kind: 'column'; column: string }
  /** `count(*)` / `count(1)`: the rows. */
  | { kind: 'count' }
  | { kind: 'writetime' | 'ttl'; column: string }
  | { kind: 'token'; columns: string[] }
  | { kind: 'call'; fn: string; args: SelectExpr[] }
  | { kind: 'cast'; arg: SelectExpr; type: CqlType }
  /** `addr.city`: one field of a user-defined type's value. */
  | { kind: 'field'; arg: SelectExpr; field: string }
  /** A literal or marker argument, with its text as written (it names the result column). */
  | { kind: 'term'; term: Term; text: string };

export type Selector = SelectExpr & { alias: string | null };

export type Assignment =
  | { kind: 'set'; column: string; term: Term }
  | { kind: 'append' | 'prepend' | 'remove'; column: string; term: Term }
  | { kind: 'setKey'; column: string; key: Term; term: Term }
  /** `addr.city = ?`: one field of a non-frozen user-defined type. */
  | { kind: 'setField'; column: string; field: string; term: Term };

export interface Condition {
  column: string;
  op: CompareOp;
  term: Term;
}

export interface ColumnDefinition {
  name: string;
  type: CqlType;
  isStatic: boolean;
}

/** What an ALTER TABLE does (Cassandra 4.0+ grammar; `ALTER col TYPE` is parsed to be refused as Cassandra does). */
export type AlterTableAction =
  | { kind: 'add'; ifNotExists: boolean; columns: ColumnDefinition[] }
  | { kind: 'drop'; ifExists: boolean; columns: string[]; timestamp: bigint | null }
  | { kind: 'rename'; ifExists: boolean; renames: [string, string][] }
  | { kind: 'with'; options: Map<string, Literal> }
  | { kind: 'alterType'; column: string };

export interface Using {
  ttl: Term | null;
  timestamp: Term | null;
}

export type Statement =
  | { kind: 'use'; keyspace: string }
  | {
      kind: 'createKeyspace';
      name: string;
      ifNotExists: boolean;
      replication: Map<string, string>;
      durableWrites: boolean;
    }
  | { kind: 'dropKeyspace'; name: string; ifExists: boolean }
  | {
      kind: 'alterKeyspace';
      name: string;
      ifExists: boolean;
      /** Null: unchanged. */
      replication: Map<string, string> | null;
      durableWrites: boolean | null;
    }
  | {
      kind: 'createTable';
      table: TableRef;
      ifNotExists: boolean;
      columns: ColumnDefinition[];
      partitionKey: string[];
      clustering: string[];
      clusteringOrder: Map<string, 'asc' | 'desc'>;
      options: Map<string, Literal>;
    }
  | { kind: 'dropTable'; table: TableRef; ifExists: boolean }
  | {
      kind: 'createView';
      view: TableRef;
      ifNotExists: boolean;
      base: TableRef;
      /** Null for `SELECT *`. */
      columns: string[] | null;
      /** The columns of the `col IS NOT NULL` restrictions, in the order written. */
      notNull: string[];
      partitionKey: string[];
      clustering: string[];
      clusteringOrder: Map<string, 'asc' | 'desc'>;
      options: Map<string, Literal>;
    }
  | { kind: 'dropView'; view: TableRef; ifExists: boolean }
  | {
      kind: 'alterTable';
      table: TableRef;
      ifExists: boolean;
      action: AlterTableAction;
      /** ALTER MATERIALIZED VIEW (WITH options only). */
      view?: boolean;
    }
  | {
      kind: 'createType';
      keyspace: string | null;
      name: string;
      ifNotExists: boolean;
      fields: { name: string; type: CqlType }[];
    }
  | {
      kind: 'alterType';
      keyspace: string | null;
      name: string;
      ifExists: boolean;
      action:
        | { kind: 'add'; ifNotExists: boolean; field: string; type: CqlType }
        | { kind: 'rename'; ifExists: boolean; renames: [string, string][] }
        | { kind: 'alterField' };
    }
  | { kind: 'dropType'; keyspace: string | null; name: string; ifExists: boolean }
  | {
      kind: 'createIndex';
      table: TableRef;
      /** Null: Cassandra's default name, `<table>_<column>_idx`. */
      name: string | null;
      ifNotExists: boolean;
      /** `col`, or `keys(col)` / `values(col)` / `entries(col)` / `full(col)`. */
      target: { fn: 'simple' | 'keys' | 'values' | 'entries' | 'full'; column: string };
      custom: boolean;
      /** The class (or alias) after USING, as written. */
      using: string | null;
      options: Map<string, string>;
    }
  | { kind: 'dropIndex'; keyspace: string | null; name: string; ifExists: boolean }
  | { kind: 'truncate'; table: TableRef }
  | {
      kind: 'insert';
      table: TableRef;
      columns: string[];
      values: Term[];
      /** `INSERT ... JSON 'text' [DEFAULT NULL | DEFAULT UNSET]`: columns and values are then empty. */
      json?: { term: Term; defaultUnset: boolean };
      ifNotExists: boolean;
      using: Using;
    }
  | {
      kind: 'update';
      table: TableRef;
      assignments: Assignment[];
      where: Relation[];
      ifExists: boolean;
      conditions: Condition[];
      using: Using;
    }
  | {
      kind: 'delete';
      table: TableRef;
      columns: string[];
      /** `DELETE l[i]`, `m[key]`, `s[element]`: one element of a non-frozen collection. */
      elements: { column: string; key: Term }[];
      /** `DELETE addr.city`: one field of a non-frozen user-defined type. */
      fields?: { column: string; field: string }[];
      where: Relation[];
      ifExists: boolean;
      conditions: Condition[];
      using: Using;
    }
  | {
      kind: 'select';
      table: TableRef;
      selectors: Selector[] | '*';
      distinct: boolean;
      /** `SELECT JSON`: one `[json]` text column. */
      json?: boolean;
      where: Relation[];
      /** GROUP BY columns, in order. */
      groupBy?: string[];
      orderBy: { column: string; desc: boolean }[];
      perPartitionLimit?: Term | null;
      limit: Term | null;
      allowFiltering: boolean;
    }
  | {
      kind: 'describe';
      what:
        | 'schema'
        | 'keyspaces'
        | 'keyspace'
        | 'tables'
        | 'table'
        | 'cluster'
        | 'types'
        | 'type'
        | 'functions'
        | 'aggregates'
        | 'index'
        | 'name';
      keyspace: string | null;
      name: string | null;
    }
  | { kind: 'batch'; batchType: 'logged' | 'unlogged' | 'counter'; statements: Statement[]; using: Using };

/** A parsed statement plus its bind markers, in order, with their `:name` if any. */
export interface ParsedStatement {
  statement: Statement;
  markers: (string | null)[];
}

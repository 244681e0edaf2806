// The CqlEngine the wire server drives: parses (with a cache), binds markers, runs DDL, DML and SELECT against the
// storage, and turns every failure into a CqlError value.
import { createHash } from 'node:crypto';
import type { ParsedStatement, Statement } from './ast';
import {
  collectMarkerSpecs,
  completeSpecs,
  InvalidRequest,
  markerSpecs,
  orderValues,
  partitionKeyIndexes,
} from './bind';
import { applyBatch, batchTimestamp, isConditional, type BatchItem } from './batchRun';
import { checkDmlConsistency, checkReadConsistency, checkWriteConsistency } from './consistency';
import type { TableMeta } from './catalog';
import { keyspaceOf, runDdl, userTable } from './ddl';
import { runDescribe } from './describe';
import { toCqlError, Unprepared } from './errors';
import { runMutation, type WriteContext } from './mutation';
import { parseCql } from './parser';
import { runSelect, selectColumns } from './select';
import { selectionMarkers } from './selection';
import { viewRows } from './views';
import type { Storage } from './storage';
import { systemTableData } from './systemRows';
import type { TableData } from './tableData';
import type {
  BoundValues,
  ColumnSpec,
  CqlEngine,
  EngineResult,
  ExecuteOptions,
  ExecutionResult,
  NodeIdentity,
  PreparedStatementInfo,
  SchemaChange,
  SystemRowSource,
} from './types';

export interface EngineClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

interface Prepared {
  query: string;
  parsed: ParsedStatement;
  keyspace: string | null;
  info: PreparedStatementInfo;
  /** Id of the table the markers were bound against, to notice a drop and re-create. */
  tableId: string | null;
  /** For a write: its table's data while the schema stays at `version`, so executes skip resolving it. */
  target: WriteTarget | null;
}

interface WriteTarget {
  version: string;
  statement: Dml;
  data: TableData;
  specs: ColumnSpec[];
}

type Dml = Extract<Statement, { kind: 'insert' | 'update' | 'delete' }>;

const PARSE_CACHE_LIMIT = 512;
const VOID: ExecutionResult = { kind: 'void' };
// Shared, never mutated: a prepared write answers without allocating a result or a callback.
const OK_VOID: EngineResult<ExecutionResult> = { ok: true, value: VOID };
const okVoid = (): EngineResult<ExecutionResult> => OK_VOID;
const failed = (e: unknown): EngineResult<ExecutionResult> => ({ ok: false, error: toCqlError(e) });
/** Like Cassandra's bounded prepared cache: an evicted id answers UNPREPARED and the driver prepares it again. */
const PREPARED_LIMIT = 10_000;

export function buildEngine(
  storage: Storage,
  node: () => NodeIdentity,
  clock: EngineClock,
  systemRows?: SystemRowSource,
): CqlEngine {
  const listeners = new Set<(c: SchemaChange) => void>();
  const prepared = new Map<string, Prepared>();
  const parseCache = new Map<string, ParsedStatement>();
  let lastMicros = 0n;

  const nowMicros = (): bigint => {
    // Strictly increasing so two writes from one client without timestamps keep their order.
    const t = BigInt(clock.now()) * 1000n;
    lastMicros = t > lastMicros ? t : lastMicros + 1n;
    return lastMicros;
  };

  function parse(query: string): ParsedStatement {
    const hit = parseCache.get(query);
    if (hit) return hit;
    const parsed = parseCql(query);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(query, parsed);
    return parsed;
  }

  /** The table a DML or SELECT statement reads or writes; system tables only for SELECT. */
  function resolve(s: Statement, session: string | null): { meta: TableMeta; data: () => TableData } {
    if (s.kind !== 'select' && s.kind !== 'insert' && s.kind !== 'update' && s.kind !== 'delete')
      throw new InvalidRequest(`${s.kind} has no table`);
    if (s.kind === 'select') {
      const ks = keyspaceOf(s.table, session);
      const state = {
        keyspaces: storage.keyspaces,
        schemaVersion: storage.schemaVersion,
        node: node(),
        sizes: (t: TableMeta) => storage.tableData(t).sizes,
        external: systemRows,
      };
      const system = systemTableData(ks, s.table.table, state);
      if (system) return { meta: system.meta, data: () => systemTableData(ks, s.table.table, state) as TableData };
    }
    const meta = userTable(storage, s.table, session);
    const view = meta.view;
    if (view) {
      if (s.kind !== 'select') throw new InvalidRequest('Cannot directly modify a materialized view');
      const base = storage.keyspaces.get(meta.keyspace)?.tables.get(view.baseTable);
      if (!base) throw new InvalidRequest(`unconfigured table ${view.baseTable}`);
      return { meta, data: () => viewRows(meta, storage.tableData(base), Math.floor(clock.now() / 1000)) };
    }
    return { meta, data: () => storage.tableData(meta) };
  }

  function specsFor(parsed: ParsedStatement, session: string | null): { specs: ColumnSpec[]; meta: TableMeta | null } {
    const s = parsed.statement;
    if (s.kind === 'batch') return { specs: batchSpecs(s, parsed, session), meta: null };
    if (s.kind !== 'select' && s.kind !== 'insert' && s.kind !== 'update' && s.kind !== 'delete') {
      if (parsed.markers.length > 0) throw new InvalidRequest('Bind markers are not supported in schema statements');
      return { specs: [], meta: null };
    }
    const { meta } = resolve(s, session);
    const selection =
      s.kind === 'select'
        ? (specs: (ColumnSpec | undefined)[]) => selectionMarkers(s.selectors, specs, meta)
        : undefined;
    return { specs: markerSpecs(s, meta, parsed.markers, selection), meta };
  }

  function batchSpecs(
    s: Extract<Statement, { kind: 'batch' }>,
    parsed: ParsedStatement,
    session: string | null,
  ): ColumnSpec[] {
    const all: (ColumnSpec | undefined)[] = new Array(parsed.markers.length);
    for (const inner of s.statements) collectMarkerSpecs(inner, resolve(inner, session).meta, all);
    const t = s.using.timestamp;
    if (t?.kind === 'marker')
      all[t.index] = { keyspace: '', table: '', name: '[timestamp]', type: { kind: 'native', name: 'bigint' } };
    return completeSpecs(all);
  }

  const emit = (change: SchemaChange) => {
    for (const l of listeners) l(change);
  };

  function writeContext(options: ExecuteOptions, appliedAtOnce = false): WriteContext {
    const now = clock.now();
    return {
      nowMicros: nowMicros(),
      nowSeconds: Math.floor(now / 1000),
      defaultTimestamp: options.defaultTimestamp,
      appliedAtOnce,
    };
  }

  async function run(
    parsed: ParsedStatement,
    specs: ColumnSpec[],
    values: BoundValues,
    options: ExecuteOptions,
  ): Promise<ExecutionResult> {
    const s = parsed.statement;
    const session = options.sessionKeyspace;
    switch (s.kind) {
      case 'select': {
        checkReadConsistency(options.consistency);
        const bound = orderValues(values, specs);
        const { data } = resolve(s, session);
        return runSelect(s, data(), bound, {
          nowSeconds: Math.floor(clock.now() / 1000),
          releaseVersion: node().releaseVersion,
          pageSize: options.pageSize,
          pagingState: options.pagingState,
        });
      }
      case 'insert':
      case 'update':
      case 'delete': {
        checkDmlConsistency(isConditional(s), options);
        const bound = orderValues(values, specs);
        const { data } = resolve(s, session);
        const outcome = runMutation(s, data(), bound, writeContext(options));
        await storage.apply(outcome.mutations);
        return outcome.result ?? { kind: 'void' };
      }
      case 'batch': {
        checkWriteConsistency(options.consistency);
        const bound = orderValues(values, specs);
        const timestamp = s.using.timestamp ? batchTimestamp(s.using.timestamp, bound) : options.defaultTimestamp;
        const items = (s.statements as Dml[]).map((statement) => ({
          statement,
          data: resolve(statement, session).data(),
          bound,
          defaultTimestamp: timestamp,
        }));
        return applyBatch(s.batchType, items, writeContext(options), storage);
      }
      case 'describe':
        return runDescribe(s, storage.keyspaces, session, node());
      default: {
        const outcome = runDdl(s, storage, session, node().releaseVersion);
        if (outcome.truncate) await storage.truncate(outcome.truncate);
        if (outcome.change) {
          storage.schemaChanged();
          if (outcome.change.target === 'TABLE' && outcome.change.type === 'UPDATED') forgetPrepared(outcome.change);
          emit(outcome.change);
          for (const also of outcome.also ?? []) {
            forgetPrepared(also);
            emit(also);
          }
        }
        return outcome.result;
      }
    }
  }

  /**
   * Like Cassandra after ALTER TABLE: statements prepared on the table are evicted, so the next EXECUTE answers
   * UNPREPARED and the driver prepares again with the new columns (a stale `SELECT *` result metadata would
   * otherwise mis-decode rows).
   */
  function forgetPrepared(change: SchemaChange): void {
    const table = storage.keyspaces.get(change.keyspace)?.tables.get(change.name ?? '');
    if (!table) return;
    for (const [key, p] of prepared) if (p.tableId === table.id) prepared.delete(key);
  }

  async function guarded(f: () => Promise<ExecutionResult>): Promise<EngineResult<ExecutionResult>> {
    try {
      return { ok: true, value: await f() };
    } catch (e) {
      return { ok: false, error: toCqlError(e) };
    }
  }

  function prepareStatement(query: string, keyspace: string | null): Prepared {
    const parsed = parse(query);
    const { specs, meta } = specsFor(parsed, keyspace);
    const s = parsed.statement;
    const id = createHash('md5')
      .update(`${keyspace ?? ''}\u0000${query}`)
      .digest();
    return {
      query,
      parsed,
      keyspace,
      tableId: meta?.id ?? null,
      target: null,
      info: {
        id,
        bindMarkers: specs,
        partitionKeyIndexes: meta ? partitionKeyIndexes(s, meta) : [],
        resultColumns: s.kind === 'select' && meta ? selectColumns(meta, s, node().releaseVersion) : null,
      },
    };
  }

  async function runStatement(query: string, values: BoundValues, options: ExecuteOptions): Promise<ExecutionResult> {
    const parsed = parse(query);
    const { specs } = specsFor(parsed, options.sessionKeyspace);
    return run(parsed, specs, values, options);
  }

  /** The hot path (prepared writes) without async frames: compute, apply, answer once logged. */
  function applyWrite(
    s: Dml,
    data: TableData,
    values: BoundValues,
    specs: ColumnSpec[],
    options: ExecuteOptions,
  ): Promise<EngineResult<ExecutionResult>> {
    try {
      if (options.consistency >= 0x0008 || options.consistency === 0x0000 || options.serialConsistency !== null)
        checkDmlConsistency(isConditional(s), options);
      const outcome = runMutation(s, data, orderValues(values, specs), writeContext(options, true));
      // Applied before returning: rows are copied into storage and the commit log here (see appliedAtOnce).
      const applied = storage.apply(outcome.mutations);
      const value = outcome.result;
      if (value === null) return applied.then(okVoid, failed);
      return applied.then((): EngineResult<ExecutionResult> => ({ ok: true, value }), failed);
    } catch (e) {
      return Promise.resolve(failed(e));
    }
  }

  // Drivers execute one statement many times in a row: keep its id's hex form instead of re-encoding it per request.
  let lastId = Buffer.alloc(0);
  let lastKey = '';
  function preparedKey(id: Buffer): string {
    if (!id.equals(lastId)) {
      lastKey = id.toString('hex');
      lastId = Buffer.from(id);
    }
    return lastKey;
  }

  let closed: Promise<void> | null = null;

  return {
    prepare(query, sessionKeyspace) {
      try {
        const p = prepareStatement(query, sessionKeyspace);
        const key = p.info.id.toString('hex');
        prepared.delete(key);
        prepared.set(key, p);
        // Maps iterate in insertion order, so the first key is the least recently prepared.
        if (prepared.size > PREPARED_LIMIT) prepared.delete(prepared.keys().next().value as string);
        return { ok: true, value: p.info };
      } catch (e) {
        return { ok: false, error: toCqlError(e) };
      }
    },
    query(query, values, options) {
      return guarded(() => runStatement(query, values, options));
    },
    execute(id, values, options) {
      const key = preparedKey(id);
      const p = prepared.get(key);
      if (!p) return Promise.resolve({ ok: false, error: toCqlError(new Unprepared(id)) });
      const target = p.target;
      if (target !== null && target.version === storage.schemaVersion)
        return applyWrite(target.statement, target.data, values, target.specs, options);
      try {
        let current = p;
        const o = p.keyspace === null ? options : { ...options, sessionKeyspace: p.keyspace };
        let s = p.parsed.statement;
        if (p.tableId !== null && s.kind !== 'batch' && resolve(s, p.keyspace).meta.id !== p.tableId) {
          // The table was dropped and created again since PREPARE: bind the markers to the new one.
          current = { ...prepareStatement(p.query, p.keyspace) };
          current.info = { ...current.info, id };
          prepared.set(key, current);
          s = current.parsed.statement;
        }
        if (s.kind === 'insert' || s.kind === 'update' || s.kind === 'delete') {
          const data = resolve(s, o.sessionKeyspace).data();
          const specs = current.info.bindMarkers;
          current.target = { version: storage.schemaVersion, statement: s, data, specs };
          return applyWrite(s, data, values, specs, options);
        }
        const statement = current;
        return guarded(() => run(statement.parsed, statement.info.bindMarkers, values, o));
      } catch (e) {
        return Promise.resolve({ ok: false, error: toCqlError(e) });
      }
    },
    batch(type, statements, options) {
      return guarded(async () => {
        checkWriteConsistency(options.consistency);
        const items: BatchItem[] = [];
        for (const st of statements) {
          let parsed: ParsedStatement;
          let specs: ColumnSpec[];
          let keyspace = options.sessionKeyspace;
          if ('preparedId' in st) {
            const p = prepared.get(st.preparedId.toString('hex'));
            if (!p) throw new Unprepared(st.preparedId);
            parsed = p.parsed;
            specs = p.info.bindMarkers;
            keyspace = p.keyspace ?? keyspace;
          } else {
            parsed = parse(st.query);
            specs = specsFor(parsed, keyspace).specs;
          }
          const s = parsed.statement;
          if (s.kind !== 'insert' && s.kind !== 'update' && s.kind !== 'delete')
            throw new InvalidRequest(
              `Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.`,
            );
          items.push({ statement: s, data: resolve(s, keyspace).data(), bound: orderValues(st.values, specs) });
        }
        return applyBatch(type, items, writeContext(options), storage);
      });
    },
    onSchemaChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed ??= storage.close();
      return closed;
    },
  };
}

// User-defined types in the catalog: resolving type names to their fields, following ALTER TYPE into the tables and
// types that use a type, and CREATE / ALTER / DROP TYPE with Cassandra's checks and messages.
import type { Statement } from './ast';
import { InvalidRequest } from './bind';
import { buildTable, type KeyspaceMeta, type TableMeta } from './catalog';
import { AlreadyExists } from './errors';
import type { CqlType, SchemaChange, UdtField } from './types';

/** A user-defined type as its keyspace keeps it (fields resolved). */
export interface UdtMeta {
  name: string;
  fields: UdtField[];
}

/** The type with every user-type name resolved against `keyspace`'s types; throws "Unknown type" otherwise. */
export function resolveType(type: CqlType, keyspace: string, types: Map<string, UdtMeta>): CqlType {
  switch (type.kind) {
    case 'native':
    case 'custom':
      return type;
    case 'list':
    case 'set':
      return { ...type, element: resolveType(type.element, keyspace, types) };
    case 'map':
      return { ...type, key: resolveType(type.key, keyspace, types), value: resolveType(type.value, keyspace, types) };
    case 'tuple':
      return { ...type, elements: type.elements.map((t) => resolveType(t, keyspace, types)) };
    case 'vector':
      return { ...type, element: resolveType(type.element, keyspace, types) };
    case 'udt': {
      if (type.keyspace !== '' && type.keyspace !== keyspace)
        throw new InvalidRequest(
          `Statement on keyspace ${keyspace} cannot refer to a user type in keyspace ${type.keyspace}; user types can only be used in the keyspace they are defined in`,
        );
      const meta = types.get(type.name);
      if (!meta) throw new InvalidRequest(`Unknown type ${keyspace}.${type.name}`);
      return { kind: 'udt', keyspace, name: meta.name, fields: meta.fields, frozen: type.frozen };
    }
  }
}

/** Whether `type` uses the user type `name` (at any depth). */
export function usesType(type: CqlType, name: string): boolean {
  switch (type.kind) {
    case 'native':
    case 'custom':
      return false;
    case 'list':
    case 'set':
    case 'vector':
      return usesType(type.element, name);
    case 'map':
      return usesType(type.key, name) || usesType(type.value, name);
    case 'tuple':
      return type.elements.some((t) => usesType(t, name));
    case 'udt':
      return type.name === name || type.fields.some((f) => usesType(f.type, name));
  }
}

/** Re-resolves a keyspace's types and tables after a type changed (every use of it gets the new fields). */
function refresh(k: KeyspaceMeta, changed: string): void {
  for (const [n, t] of k.types)
    if (n !== changed && t.fields.some((f) => usesType(f.type, changed)))
      k.types.set(n, { name: n, fields: t.fields.map((f) => ({ ...f, type: resolveType(f.type, k.name, k.types) })) });
  for (const [n, t] of k.tables)
    if (t.columns.some((c) => usesType(c.type, changed))) k.tables.set(n, withTypes(t, k.types));
}

function withTypes(t: TableMeta, types: Map<string, UdtMeta>): TableMeta {
  const defs = t.columns.map((c) => ({
    name: c.name,
    type: resolveType(c.type, t.keyspace, types),
    kind: c.kind,
    position: c.position,
    order: c.order,
    ...(c.cell >= 0 ? { cell: c.cell } : {}),
  }));
  return buildTable(t.keyspace, t.name, t.id, defs, t.defaultTtl, t.comment, t.indexes, t.options, t.dropped);
}

type TypeStatement = Extract<Statement, { kind: 'createType' | 'alterType' | 'dropType' }>;

const done = (type: SchemaChange['type'], keyspace: string, name: string): SchemaChange => ({
  type,
  target: 'TYPE',
  keyspace,
  name,
});

/** Runs CREATE / ALTER / DROP TYPE on keyspace `k`; null when IF [NOT] EXISTS made it a no-op. */
export function runTypeDdl(s: TypeStatement, k: KeyspaceMeta): SchemaChange | null {
  const ks = k.name;
  const qualified = `${ks}.${s.name}`;
  switch (s.kind) {
    case 'createType': {
      if (k.types.has(s.name)) {
        if (s.ifNotExists) return null;
        throw new AlreadyExists(`A user type with name '${s.name}' already exists`, ks, s.name);
      }
      const seen = new Set<string>();
      const fields = s.fields.map((f) => {
        if (seen.has(f.name)) throw new InvalidRequest(`Duplicate field name '${f.name}' in type '${s.name}'`);
        seen.add(f.name);
        if (f.type.kind === 'udt' && !f.type.frozen)
          throw new InvalidRequest('A user type cannot contain non-frozen UDTs');
        if (f.type.kind === 'udt' && f.type.name === s.name) throw new InvalidRequest(`Unknown type ${qualified}`);
        return { name: f.name, type: resolveType(f.type, ks, k.types) };
      });
      k.types.set(s.name, { name: s.name, fields });
      return done('CREATED', ks, s.name);
    }
    case 'alterType': {
      const t = k.types.get(s.name);
      if (!t) {
        if (s.ifExists) return null;
        throw new InvalidRequest(`Type '${qualified}' doesn't exist`);
      }
      const a = s.action;
      let fields = [...t.fields];
      if (a.kind === 'alterField')
        throw new InvalidRequest('Alterations of user type field types are no longer supported');
      if (a.kind === 'add') {
        if (fields.some((f) => f.name === a.field)) {
          if (a.ifNotExists) return null;
          throw new InvalidRequest(
            `Cannot add new field ${a.field} to type ${qualified}: a field with name ${a.field} already exists`,
          );
        }
        // Keys are hashed as written: a value with one more (null) field would land in another partition.
        for (const t of k.tables.values())
          for (const c of t.partitionKey)
            if (usesType(c.type, s.name))
              throw new InvalidRequest(
                `Cannot add new field to type ${qualified} because it is used in the partition key column ${c.name} of table ${ks}.${t.name}`,
              );
        if (a.type.kind === 'udt' && !a.type.frozen)
          throw new InvalidRequest('A user type cannot contain non-frozen UDTs');
        fields.push({ name: a.field, type: resolveType(a.type, ks, k.types) });
      } else {
        for (const [from, to] of a.renames) {
          if (!fields.some((f) => f.name === from)) {
            if (a.ifExists) continue;
            throw new InvalidRequest(`Unkown field ${from} in user type ${qualified}`);
          }
          if (fields.some((f) => f.name === to))
            throw new InvalidRequest(`Duplicate field name ${to} in type ${qualified}`);
          fields = fields.map((f) => (f.name === from ? { ...f, name: to } : f));
        }
      }
      k.types.set(s.name, { name: s.name, fields });
      refresh(k, s.name);
      return done('UPDATED', ks, s.name);
    }
    case 'dropType': {
      if (!k.types.has(s.name)) {
        if (s.ifExists) return null;
        throw new InvalidRequest(`Type '${qualified}' doesn't exist`);
      }
      const types = [...k.types.values()].filter(
        (t) => t.name !== s.name && t.fields.some((f) => usesType(f.type, s.name)),
      );
      if (types.length > 0)
        throw new InvalidRequest(
          `Cannot drop user type '${qualified}' as it is still used by user types ${types.map((t) => t.name).join(', ')}`,
        );
      const tables = [...k.tables.values()].filter((t) => t.columns.some((c) => usesType(c.type, s.name)));
      if (tables.length > 0)
        throw new InvalidRequest(
          `Cannot drop user type '${qualified}' as it is still used by tables ${tables.map((t) => t.name).join(', ')}`,
        );
      k.types.delete(s.name);
      return done('DROPPED', ks, s.name);
    }
  }
}

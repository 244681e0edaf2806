// INSERT ... JSON: the JSON object becomes an ordinary INSERT of the columns it names (values passed as extra bound
// values after the statement's own), with Cassandra's checks and messages; absent columns are null (a tombstone),
// or left alone with DEFAULT UNSET.
import type { Statement, Term } from './ast';
import { InvalidRequest, termBytes } from './bind';
import type { TableMeta } from './catalog';
import { native } from './cqlType';
import { FunctionError } from './functions';
import { caseSensitiveKey, jsonToBytes, parseJson, type Json } from './jsonValues';
import type { BoundValue } from './types';

type Insert = Extract<Statement, { kind: 'insert' }>;

/** The plain INSERT an INSERT JSON stands for, and the bound values it reads. */
export function expandJsonInsert(s: Insert, table: TableMeta, bound: BoundValue[]): { s: Insert; bound: BoundValue[] } {
  const json = s.json as { term: Term; defaultUnset: boolean };
  const raw = termBytes(json.term, native('text'), bound, '[json]');
  if (raw === null || raw === 'unset') throw new InvalidRequest('Got null for INSERT JSON values');
  const text = raw.toString('utf8');
  let parsed: Json;
  try {
    parsed = parseJson(text);
  } catch (e) {
    throw new InvalidRequest(`Could not decode JSON string as a map: ${(e as Error).message}. (String was: ${text})`);
  }
  if (parsed === null) throw new InvalidRequest('Got null for INSERT JSON values');
  if (typeof parsed !== 'object' || Array.isArray(parsed) || !('obj' in parsed))
    throw new InvalidRequest(`Could not decode JSON string as a map: not a JSON object. (String was: ${text})`);
  const given = new Map<string, Json>();
  for (const [k, v] of parsed.obj) given.set(caseSensitiveKey(k), v);
  const columns: string[] = [];
  const values: Term[] = [];
  const extra: BoundValue[] = [];
  for (const c of table.columns) {
    const isKey = c.kind === 'partition_key' || c.kind === 'clustering';
    if (!given.has(c.name)) {
      if (isKey)
        throw new InvalidRequest(
          `Invalid null value for ${c.kind === 'partition_key' ? 'partition' : 'clustering'} key part ${c.name}`,
        );
      if (json.defaultUnset) continue;
    }
    const v = given.get(c.name) ?? null;
    given.delete(c.name);
    let bytes: Buffer | null;
    try {
      bytes = v === null ? null : jsonToBytes(c.type, v);
    } catch (e) {
      if (e instanceof FunctionError) throw new InvalidRequest(`Error decoding JSON value for ${c.name}: ${e.message}`);
      throw e;
    }
    columns.push(c.name);
    values.push({ kind: 'marker', index: bound.length + extra.length, name: null });
    extra.push(bytes);
  }
  const unknown = given.keys().next();
  if (!unknown.done) throw new InvalidRequest(`JSON values map contains unrecognized column: ${unknown.value}`);
  const { json: _json, ...rest } = s;
  return { s: { ...rest, columns, values }, bound: [...bound, ...extra] };
}

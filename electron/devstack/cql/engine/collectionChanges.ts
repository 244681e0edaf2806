// Element-level changes to non-frozen collections (append, prepend, remove, m[k] = v, DELETE m[k]), computed from
// the current value: the store keeps a collection whole, so each change is a read-modify-write.
import type { Assignment, Term } from './ast';
import { InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta } from './catalog';
import { native } from './cqlType';
import type { ListChanges } from './listChanges';
import type { BoundValue } from './types';
import { readItems, sortCollection, writeItems } from './valueCheck';
import { compareValues } from './valueCompare';

/** A collection assignment's new value, computed from the current one (read-modify-write; writes are serialized). */
export function collectionValue(
  c: ColumnMeta,
  a: Assignment,
  current: Buffer | null,
  bound: BoundValue[],
): Buffer | null {
  const t = c.type;
  if (t.kind !== 'list' && t.kind !== 'set' && t.kind !== 'map')
    throw new InvalidRequest(`Invalid operation (${c.name} = ${c.name} + ?) for non collection column ${c.name}`);
  const per = t.kind === 'map' ? 2 : 1;
  const items = current ? (readItems(current, per) ?? []) : [];
  let next: Buffer[];
  if (a.kind === 'setKey') {
    const key = requiredBytes(a.key, t.kind === 'map' ? t.key : native('int'), bound, `key(${c.name})`);
    const value = termBytes(a.term, t.kind === 'map' ? t.value : t.element, bound, `value(${c.name})`);
    if (t.kind === 'map') {
      next = [];
      for (let i = 0; i < items.length; i += 2)
        if (compareValues(t.key, items[i] as Buffer, key) !== 0) next.push(items[i] as Buffer, items[i + 1] as Buffer);
      if (value !== null && value !== 'unset') next.push(key, value);
    } else if (t.kind === 'list') {
      const idx = key.readInt32BE(0);
      if (current === null) throw new InvalidRequest('Attempted to set an element on a list which is null');
      if (idx < 0 || idx >= items.length)
        throw new InvalidRequest(`List index ${idx} out of bound, list has size ${items.length}`);
      next = [...items];
      if (value === null || value === 'unset') next.splice(idx, 1);
      else next[idx] = value;
    } else throw new InvalidRequest(`Invalid operation for set column ${c.name}`);
  } else {
    const operandType =
      a.kind === 'remove' && t.kind === 'map' ? { kind: 'set' as const, element: t.key, frozen: false } : t;
    const operand = termBytes(a.term, operandType, bound, c.name);
    if (operand === 'unset') return current;
    const given = operand ? (readItems(operand, operandType.kind === 'map' ? 2 : 1) ?? []) : [];
    if (a.kind === 'append') next = [...items, ...given];
    else if (a.kind === 'prepend') next = [...given, ...items];
    else {
      const elementType = t.kind === 'map' ? t.key : t.element;
      const drop = (b: Buffer) => given.some((g) => compareValues(elementType, g, b) === 0);
      next = [];
      for (let i = 0; i < items.length; i += per) if (!drop(items[i] as Buffer)) next.push(...items.slice(i, i + per));
    }
  }
  const sorted = sortCollection(t, next);
  return sorted.length === 0 ? null : writeItems(sorted, sorted.length / per);
}

/** Applies an UPDATE assignment to a non-frozen list's pending changes. */
export function listAssignment(c: ColumnMeta, a: Assignment, list: ListChanges, bound: BoundValue[]): void {
  const t = c.type as Extract<ColumnMeta['type'], { kind: 'list' }>;
  if (a.kind === 'setKey') {
    const idx = requiredBytes(a.key, native('int'), bound, `idx(${c.name})`).readInt32BE(0);
    const value = termBytes(a.term, t.element, bound, `value(${c.name})`);
    if (value !== 'unset') list.setAt(idx, value);
    return;
  }
  const operand = termBytes((a as { term: Term }).term, t, bound, c.name);
  if (operand === 'unset') return;
  const given = operand ? (readItems(operand, 1) ?? []) : [];
  if (a.kind === 'append') list.append(given);
  else if (a.kind === 'prepend') list.prepend(given);
  else if (a.kind === 'remove') list.removeValues(given);
}

/** `DELETE l[i]` / `m[key]` / `s[element]`: the collection without that element (null when it ends up empty). */
export function withoutElement(
  c: ColumnMeta,
  keyTerm: Term,
  current: Buffer | null,
  bound: BoundValue[],
): Buffer | null {
  const t = c.type;
  if (t.kind !== 'list' && t.kind !== 'set' && t.kind !== 'map')
    throw new InvalidRequest(`Invalid deletion operation for non collection column ${c.name}`);
  if (t.frozen) throw new InvalidRequest(`Invalid deletion operation for frozen collection column ${c.name}`);
  if (t.kind === 'list') throw new InvalidRequest(`Invalid deletion operation for list column ${c.name}`);
  const keyType = t.kind === 'map' ? t.key : t.element;
  const key = requiredBytes(keyTerm, keyType, bound, t.kind === 'map' ? `key(${c.name})` : `value(${c.name})`);
  if (current === null) return null;
  const per = t.kind === 'map' ? 2 : 1;
  const items = readItems(current, per) ?? [];
  const next: Buffer[] = [];
  for (let i = 0; i < items.length; i += per)
    if (compareValues(keyType, items[i] as Buffer, key) !== 0) next.push(...items.slice(i, i + per));
  return next.length === 0 ? null : writeItems(next, next.length / per);
}

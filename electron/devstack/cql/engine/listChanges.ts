// Changes to one non-frozen list within one statement, as Cassandra applies them: every element is a cell, appends
// and prepends add new cells, while index operations (`l[i] = v`, `DELETE l[i]`) and value removals (`l = l - [v]`)
// address the cells the list had before the statement. So `DELETE l[0], l[0]` removes one element, and
// `SET l = ['a'] + l, l[0] = 'b'` replaces the old first element, not the new one.
import { InvalidRequest } from './bind';
import type { CqlType } from './types';
import { readItems, writeItems } from './valueCheck';
import { compareValues } from './valueCompare';

export class ListChanges {
  private items: Buffer[];
  /** Per item: its index in the list before the statement, or -1 for an element the statement added. */
  private origin: number[];
  private readonly size: number;

  constructor(
    current: Buffer | null,
    private readonly element: CqlType,
  ) {
    this.items = current ? (readItems(current, 1) ?? []) : [];
    this.origin = this.items.map((_, i) => i);
    this.size = this.items.length;
  }

  append(given: Buffer[]): void {
    this.items.push(...given);
    this.origin.push(...given.map(() => -1));
  }

  prepend(given: Buffer[]): void {
    this.items.unshift(...given);
    this.origin.unshift(...given.map(() => -1));
  }

  /** Removes the elements present before the statement that equal one of `given`. */
  removeValues(given: Buffer[]): void {
    this.keep((b, o) => o < 0 || !given.some((g) => compareValues(this.element, g, b) === 0));
  }

  /** `l[idx] = value` (null: remove it); Cassandra's errors for a missing list or index. */
  setAt(idx: number, value: Buffer | null): void {
    if (this.size === 0) throw new InvalidRequest('Attempted to set an element on a list which is null');
    this.checkIndex(idx);
    const at = this.origin.indexOf(idx);
    if (at < 0) return;
    if (value === null) this.keep((_, o) => o !== idx);
    else this.items[at] = value;
  }

  /** `DELETE l[idx]`. */
  deleteAt(idx: number): void {
    if (this.size === 0) throw new InvalidRequest('Attempted to delete an element from a list which is null');
    this.checkIndex(idx);
    this.keep((_, o) => o !== idx);
  }

  /** The list's serialized value, or null when empty. */
  value(): Buffer | null {
    return this.items.length === 0 ? null : writeItems(this.items, this.items.length);
  }

  private checkIndex(idx: number): void {
    if (idx < 0 || idx >= this.size)
      throw new InvalidRequest(`List index ${idx} out of bound, list has size ${this.size}`);
  }

  private keep(f: (item: Buffer, origin: number) => boolean): void {
    const items: Buffer[] = [];
    const origin: number[] = [];
    this.items.forEach((b, i) => {
      const o = this.origin[i] as number;
      if (f(b, o)) {
        items.push(b);
        origin.push(o);
      }
    });
    this.items = items;
    this.origin = origin;
  }
}

// Cassandra 5.0's collection functions in a selection: map_keys, map_values, collection_count, and collection_min /
// max / sum / avg, which fold a list or set with the aggregates' own arithmetic (avg of a list<int> is an int).
import { aggregateFor } from './aggregates';
import { formatCqlType, native } from './cqlType';
import { FunctionError } from './functions';
import { readItems, writeItems } from './valueCheck';
import type { CqlType } from './types';

export const COLLECTION_FUNCTIONS = new Set([
  'map_keys',
  'map_values',
  'collection_count',
  'collection_min',
  'collection_max',
  'collection_sum',
  'collection_avg',
]);

export interface CollectionFunction {
  returns: CqlType;
  apply(v: Buffer | null): Buffer | null;
}

/** The function `fn` over a collection of type `arg` (named `argName` in messages). */
export function collectionFunction(fn: string, arg: CqlType, argName: string): CollectionFunction {
  const refuse = (what: string): never => {
    throw new FunctionError(
      `Function system.${fn} requires an argument of type ${what}, but found argument ${argName} of type ${formatCqlType(arg)}`,
    );
  };
  if (fn === 'map_keys' || fn === 'map_values') {
    if (arg.kind !== 'map') return refuse('map');
    const keys = fn === 'map_keys';
    return {
      returns: keys
        ? { kind: 'set', element: arg.key, frozen: false }
        : { kind: 'list', element: arg.value, frozen: false },
      apply(v) {
        if (v === null) return null;
        const items = readItems(v, 2) ?? [];
        const out = items.filter((_, i) => i % 2 === (keys ? 0 : 1));
        return writeItems(out, out.length);
      },
    };
  }
  if (fn === 'collection_count') {
    if (arg.kind !== 'list' && arg.kind !== 'set' && arg.kind !== 'map') return refuse('collection');
    const per = arg.kind === 'map' ? 2 : 1;
    return {
      returns: native('int'),
      apply(v) {
        if (v === null) return null;
        const b = Buffer.alloc(4);
        b.writeInt32BE((readItems(v, per)?.length ?? 0) / per);
        return b;
      },
    };
  }
  if (arg.kind !== 'list' && arg.kind !== 'set') return refuse('set or list');
  const agg = aggregateFor(fn.slice('collection_'.length), arg.element);
  return {
    returns: agg.returns,
    apply(v) {
      if (v === null) return null;
      const acc = agg.start();
      for (const item of readItems(v, 1) ?? []) acc.add(item);
      return acc.result();
    },
  };
}

// Function calls in a selection: native scalar functions (resolved by argument types), toJson, token(), and the
// aggregates count/min/max/sum/avg, each named as Cassandra names its result column.
import type { SelectExpr } from './ast';
import { AGGREGATES, aggregateFor } from './aggregates';
import { InvalidRequest } from './bind';
import { COLLECTION_FUNCTIONS, collectionFunction } from './collectionFunctions';
import { native } from './cqlType';
import { resolveFunction, type ArgInfo } from './functions';
import { literalToBytes } from './literalCodec';
import { isOperation, negate, operate, operationType, operatorOf } from './arithmetic';
import { fromArgs, type Compile, type Node } from './selectionNodes';
import { jsonText } from './valueText';
import type { CqlType } from './types';

/** What overload resolution knows of a selector argument. */
export function argInfo(e: SelectExpr, compile: Compile): ArgInfo {
  if (e.kind !== 'term') {
    const n = compile(e, null);
    return { type: n.type, fits: () => false, text: n.name };
  }
  const t = e.term;
  const fits = (type: CqlType) => {
    if (t.kind !== 'literal') return true;
    try {
      literalToBytes(type, t.value);
      return true;
    } catch {
      return false;
    }
  };
  return { type: null, fits, text: e.text };
}

/** The node of a function call; `compile` compiles its arguments. */
export function callNode(e: Extract<SelectExpr, { kind: 'call' }>, compile: Compile): Node {
  const { fn } = e;
  if (fn === 'fromjson')
    throw new InvalidRequest('fromJson() cannot be used in the selection clause of a SELECT statement');
  if (fn === 'token') {
    const columns = e.args.map((a) => (a.kind === 'column' ? a.column : ''));
    return compile({ kind: 'token', columns }, null);
  }
  if (fn === 'tojson') {
    if (e.args.length !== 1) throw new InvalidRequest('toJson() only accepts one argument');
    const arg = compile(e.args[0] as SelectExpr, null);
    const type = arg.type;
    return fromArgs(`system.tojson(${arg.name})`, native('text'), [arg], (v) =>
      Buffer.from(jsonText(type, v[0] ?? null)),
    );
  }
  if (fn === '_paren') {
    const inner = compile(e.args[0] as SelectExpr, null);
    return { ...inner, name: `(${inner.name})` };
  }
  if (isOperation(fn)) return operationNode(e, compile);
  if (COLLECTION_FUNCTIONS.has(fn)) {
    if (e.args.length !== 1)
      throw new InvalidRequest(
        `Invalid number of arguments in call to function system.${fn}: 1 required but ${e.args.length} provided`,
      );
    const arg = compile(e.args[0] as SelectExpr, null);
    const f = collectionFunction(fn, arg.type, arg.name);
    return fromArgs(`system.${fn}(${arg.name})`, f.returns, [arg], (v) => f.apply(v[0] ?? null));
  }
  if (AGGREGATES.has(fn)) {
    if (e.args.length !== 1)
      throw new InvalidRequest(
        `Invalid number of arguments in call to function system.${fn}: 1 required but ${e.args.length} provided`,
      );
    const arg = compile(e.args[0] as SelectExpr, null);
    if (arg.value === null)
      throw new InvalidRequest('aggregate functions cannot be used as arguments of aggregate functions');
    const agg = aggregateFor(fn, arg.type);
    const value = arg.value;
    return {
      name: `system.${fn}(${arg.name})`,
      type: agg.returns,
      value: null,
      state: () => {
        const acc = agg.start();
        return { add: (r) => acc.add(value(r)), result: () => acc.result() };
      },
    };
  }
  const f = resolveFunction(
    fn,
    e.args.map((a) => argInfo(a, compile)),
    `Unknown function '${fn}'`,
  );
  const args = e.args.map((a, i) => compile(a, f.args[i] as CqlType));
  return fromArgs(`${f.name}(${args.map((a) => a.name).join(', ')})`, f.returns, args, (v) => f.apply(v));
}

/** `a + b` and `-a`: a literal operand takes the other operand's type (`v + 1` is an int for an int v). */
function operationNode(e: Extract<SelectExpr, { kind: 'call' }>, compile: Compile): Node {
  const [le, re] = e.args as [SelectExpr, SelectExpr | undefined];
  if (re === undefined) {
    const arg = compile(le, native('int'));
    const type = arg.type;
    return fromArgs(`-${arg.name}`, type, [arg], (v) => (v[0] && v[0].length > 0 ? negate(type, v[0]) : null));
  }
  const typed = (x: SelectExpr) => (x.kind === 'term' ? null : compile(x, null));
  let left = typed(le);
  let right = typed(re);
  left ??= compile(le, right?.type ?? native('int'));
  right ??= compile(re, left.type);
  const lt = left.type;
  const rt = right.type;
  const out = operationType(lt, rt);
  return fromArgs(`${left.name} ${operatorOf(e.fn)} ${right.name}`, out, [left, right], (v) =>
    v[0] && v[1] && v[0].length > 0 && v[1].length > 0 ? operate(e.fn, lt, rt, out, v[0], v[1]) : null,
  );
}

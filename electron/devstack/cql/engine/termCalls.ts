// Function calls where CQL takes a value (INSERT/UPDATE values, WHERE terms): `now()`, `intAsBlob(?)`,
// `fromJson('...')`, resolved against the column they feed and evaluated to that column's bytes.
import type { Term } from './ast';
import { formatCqlType, native } from './cqlType';
import { assignable, FunctionError, resolveFunction, type ArgInfo, type NativeFunction } from './functions';
import { jsonToBytes, parseJson } from './jsonValues';
import { literalToBytes } from './literalCodec';
import type { BoundValue, CqlType } from './types';

type Call = Extract<Term, { kind: 'call' }>;

const TEXT = native('text');
const resolved = new WeakMap<Call, NativeFunction>();

function argInfo(t: Term): ArgInfo {
  if (t.kind === 'call') {
    const type = t.fn === 'fromjson' ? null : resolveCall(t).returns;
    return { type, fits: () => true, text: `${t.fn}(...)` };
  }
  if (t.kind === 'marker') return { type: null, fits: () => true, text: '?' };
  const l = t.value;
  return {
    type: null,
    fits: (type) => {
      try {
        literalToBytes(type, l);
        return true;
      } catch {
        return false;
      }
    },
    text: l.kind === 'string' ? `'${l.value}'` : 'text' in l ? l.text : l.kind,
  };
}

/** The native function a call term names, resolved once per parsed term. */
export function resolveCall(t: Call): NativeFunction {
  const hit = resolved.get(t);
  if (hit) return hit;
  if (t.fn === 'tojson') throw new FunctionError('toJson() may only be used within the selection clause');
  const f = resolveFunction(t.fn, t.args.map(argInfo), `Unknown function ${t.fn} called`);
  resolved.set(t, f);
  return f;
}

/** The markers inside a call, each with the name and type Cassandra gives it (`arg0(system.intasblob)`). */
export function callMarkers(t: Call): { term: Term; name: string; type: CqlType }[] {
  if (t.fn === 'fromjson') return t.args.map((a) => ({ term: a, name: 'arg0(system.fromjson)', type: TEXT }));
  const f = resolveCall(t);
  return t.args.map((a, i) => ({ term: a, name: `arg${i}(${f.name})`, type: f.args[i] as CqlType }));
}

/**
 * A call's value for a receiver of `type`; `value` evaluates an argument term (bind.ts' termBytes, passed in to keep
 * the modules acyclic).
 */
export function callBytes(
  t: Call,
  type: CqlType,
  bound: BoundValue[],
  what: string,
  value: (t: Term, type: CqlType, bound: BoundValue[], what: string) => Buffer | null | 'unset',
): Buffer | null {
  if (t.fn === 'fromjson') {
    if (t.args.length !== 1) throw new FunctionError('fromJson() may only be called with a single argument');
    const arg = value(t.args[0] as Term, TEXT, bound, 'arg0(system.fromjson)');
    if (arg === null || arg === 'unset') return null;
    const text = arg.toString('utf8');
    let parsed;
    try {
      parsed = parseJson(text);
    } catch (e) {
      throw new FunctionError(`Could not decode JSON string '${text}': ${(e as Error).message}`);
    }
    return jsonToBytes(type, parsed);
  }
  const f = resolveCall(t);
  if (!assignable(f.returns, type))
    throw new FunctionError(
      `Type error: cannot assign result of function ${f.name} (type ${formatCqlType(f.returns)}) to ${what} (type ${formatCqlType(type)})`,
    );
  const args = t.args.map((a, i) => {
    const v = value(a, f.args[i] as CqlType, bound, `arg${i}(${f.name})`);
    if (v === 'unset') throw new FunctionError(`Invalid unset value for argument in call to function ${f.name}`);
    return v;
  });
  return f.apply(args);
}

// JSON in: `INSERT ... JSON '...'` and `fromJson('...')`. A small parser that keeps numbers as written (bigint and
// varint values would lose digits through JSON.parse), and the conversion of a JSON value to a column type's bytes
// through the CQL literal codec, with Cassandra's messages (AbstractType.fromJSONObject).
import type { Literal } from './ast';
import { formatCqlType } from './cqlType';
import { FunctionError } from './functions';
import { LiteralError, literalToBytes } from './literalCodec';
import type { CqlType } from './types';

export type Json = null | boolean | string | { num: string } | Json[] | { obj: [string, Json][] };

/** Parses JSON text; throws FunctionError with `what` and the position on malformed input. */
export function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw new FunctionError(`Unexpected character at position ${i}`);
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: [string, Json][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { obj };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = value() as string;
        ws();
        if (text[i++] !== ':') fail();
        obj.push([key, value()]);
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === '}') return { obj };
        else fail();
      }
    }
    if (c === '[') {
      i++;
      const items: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i++] === ']') return items;
        else fail();
      }
    }
    if (c === '"') {
      const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
      if (!m) fail();
      i += (m as RegExpExecArray)[0].length;
      return JSON.parse((m as RegExpExecArray)[0]) as string;
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 1000));
    if (!m) return fail();
    i += m[0].length;
    if (m[0] === 'true' || m[0] === 'false') return m[0] === 'true';
    if (m[0] === 'null') return null;
    return { num: m[0] };
  };
  const v = value();
  ws();
  if (i < text.length) fail();
  return v;
}

/** The Java class Jackson would have produced, as Cassandra's messages name it. */
function javaClass(j: Json): string {
  if (typeof j === 'string') return 'String';
  if (typeof j === 'boolean') return 'Boolean';
  if (Array.isArray(j)) return 'ArrayList';
  if (j === null) return 'null';
  if ('obj' in j) return 'LinkedHashMap';
  return /[.eE]/.test(j.num) ? 'Double' : 'Integer';
}

/** JSON back to text, for messages. */
export function jsonSource(j: Json): string {
  if (j === null || typeof j === 'boolean') return String(j);
  if (typeof j === 'string') return j;
  if (Array.isArray(j)) return `[${j.map(jsonSource).join(', ')}]`;
  if ('obj' in j) return `{${j.obj.map(([k, v]) => `${k}=${jsonSource(v)}`).join(', ')}}`;
  return j.num;
}

const INTEGERS = new Set(['int', 'bigint', 'smallint', 'tinyint', 'varint', 'counter']);
const NUMBERS = new Set([...INTEGERS, 'float', 'double', 'decimal']);

function expected(what: string, j: Json): never {
  throw new FunctionError(`Expected ${what}, but got a ${javaClass(j)}: ${jsonSource(j)}`);
}

function toLiteral(type: CqlType, j: Json): Literal {
  if (j === null) return { kind: 'null' };
  switch (type.kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(j)) return expected(`a ${type.kind}`, j);
      return { kind: 'list', items: j.map((x) => toLiteral(type.element, x)) };
    case 'vector':
      if (!Array.isArray(j)) return expected('a vector', j);
      return { kind: 'list', items: j.map((x) => toLiteral(type.element, x)) };
    case 'tuple':
      if (!Array.isArray(j)) return expected('a list representation of a tuple', j);
      return { kind: 'tuple', items: j.map((x, i) => toLiteral(type.elements[i] ?? type, x)) };
    case 'map': {
      if (j === null || typeof j !== 'object' || Array.isArray(j) || !('obj' in j)) return expected('a map', j);
      const stringKey = type.key.kind === 'native' && ['text', 'ascii'].includes(type.key.name);
      return {
        kind: 'map',
        entries: j.obj.map(([k, v]) => [toLiteral(type.key, stringKey ? k : keyJson(k)), toLiteral(type.value, v)]),
      };
    }
    case 'udt': {
      if (typeof j !== 'object' || Array.isArray(j) || !('obj' in j)) return expected('a map', j);
      const fields = j.obj.map(([raw, v]): [string, Literal] => {
        const k = caseSensitiveKey(raw);
        const f = type.fields.find((x) => x.name === k);
        if (!f) throw new FunctionError(`Unknown field '${k}' in value of user defined type ${type.name}`);
        return [k, toLiteral(f.type, v)];
      });
      return { kind: 'udt', fields };
    }
    case 'native':
      break;
    case 'custom':
      return toLiteral({ kind: 'native', name: 'blob' }, j);
  }
  const name = type.name;
  if (name === 'text' || name === 'ascii') {
    if (typeof j !== 'string') return expected(name === 'text' ? 'a UTF-8 string' : 'an ascii string', j);
    return { kind: 'string', value: j };
  }
  if (name === 'boolean') {
    if (typeof j === 'boolean') return { kind: 'boolean', value: j };
    if (typeof j === 'string' && /^(true|false)$/i.test(j)) return { kind: 'boolean', value: /^true$/i.test(j) };
    throw new FunctionError(`Unable to make boolean from '${jsonSource(j)}'`);
  }
  if (NUMBERS.has(name)) {
    if (typeof j === 'string') {
      if (INTEGERS.has(name) && !/^-?\d+$/.test(j.trim()))
        throw new FunctionError(
          `Unable to make ${name === 'varint' ? 'varint' : name === 'counter' ? 'long' : name} from '${j}'`,
        );
      return { kind: 'number', text: j.trim() };
    }
    if (j === null || typeof j !== 'object' || !('num' in j))
      return expected(`${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} value`, j);
    if (INTEGERS.has(name) && /[.eE]/.test(j.num))
      return expected(`${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} value`, j);
    return { kind: 'number', text: j.num };
  }
  if (name === 'timestamp' && j !== null && typeof j === 'object' && 'num' in j) return { kind: 'number', text: j.num };
  if (typeof j !== 'string') return expected(`a string representation of a ${name} value`, j);
  if (name === 'blob') {
    if (!j.startsWith('0x')) throw new FunctionError(`String representation of blob is missing 0x prefix: ${j}`);
    if (!/^[0-9a-fA-F]*$/.test(j.slice(2))) throw new FunctionError(`cannot parse '${j}' as hex bytes`);
    return { kind: 'blob', hex: j.slice(2).toLowerCase() };
  }
  if (name === 'uuid' || name === 'timeuuid') {
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(j))
      throw new FunctionError(`Unable to make UUID from '${j}'`);
    return { kind: 'uuid', text: j.toLowerCase() };
  }
  return { kind: 'string', value: j };
}

/** A map key that is not text is written as a string holding its JSON (`{"1": "a"}` for map<int, text>). */
function keyJson(k: string): Json {
  try {
    return parseJson(k);
  } catch {
    return k;
  }
}

/** Cassandra's Json.handleCaseSensitivity: `"Name"` keeps its case, other keys are folded to lower case. */
export function caseSensitiveKey(key: string): string {
  return key.length >= 2 && key.startsWith('"') && key.endsWith('"') ? key.slice(1, -1) : key.toLowerCase();
}

/** The bytes of a JSON value for `type`; FunctionError with Cassandra's wording when it does not fit. */
export function jsonToBytes(type: CqlType, j: Json): Buffer | null {
  const literal = toLiteral(type, j);
  try {
    return literalToBytes(type, literal);
  } catch (e) {
    if (e instanceof LiteralError)
      throw new FunctionError(e.message.replace(/ for "value" of type .*$/, ` for type ${formatCqlType(type)}`));
    throw e;
  }
}

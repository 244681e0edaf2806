// The kinds of bad message the pipeline must reject with a clear reason: those of ../shared/samples/bad.jsonl and
// bad-raw.txt, and a few more the decoder knows (too long, empty).
import type { ProblemCode } from '../problem';
import { pythonJsonDumps, type PythonJsonValue } from './pythonJson';
import type { Rng } from './rng';

/** A bad value as the producer sends it, with the reason the decoder should give. */
export interface BadMessage {
  value: string;
  why: string;
  code: ProblemCode;
}

type Fields = Record<string, PythonJsonValue>;
type BadKind = (fields: Fields, rng: Rng) => BadMessage;

const without = (fields: Fields, ...keys: string[]): Fields =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => !keys.includes(key)));
const dumps = (value: PythonJsonValue): string => pythonJsonDumps(value);

/** Each kind turns one good message's fields into one bad value. */
const BAD_KINDS: readonly BadKind[] = [
  () => ({ value: 'not json at all', why: 'not JSON at all', code: 'not_json' }),
  (fields, rng) => {
    const text = dumps(fields);
    return { value: text.slice(0, 1 + rng.int(text.length - 2)), why: 'JSON cut short', code: 'not_json' };
  },
  () => ({ value: '', why: 'an empty value', code: 'empty' }),
  (_, rng) => ({
    value: rng.pick(['null', '"just a string"', '[1, 2, 3]', '42', 'true']),
    why: 'JSON that is not an object',
    code: 'not_object',
  }),
  (fields) => ({
    value: dumps({ ...fields, id: '12345' }),
    why: 'id present but not a UUID',
    code: 'invalid_uuid',
  }),
  (fields) => ({
    value: dumps({ ...fields, first_name: { title: 'Mr', first: fields.first_name ?? 'A' } }),
    why: 'first_name is an object',
    code: 'wrong_type',
  }),
  (fields) => ({ value: dumps({ ...fields, postal_code: true }), why: 'postal_code is a boolean', code: 'wrong_type' }),
  (fields) => ({
    value: dumps(without(fields, 'id', 'username', 'email')),
    why: 'neither id nor username nor email: no stable identity',
    code: 'no_identity',
  }),
  (fields) => ({
    value: dumps({ ...fields, address: `${String(fields.address)} `.repeat(60).slice(0, 1500) }),
    why: 'address longer than 1,000 characters',
    code: 'too_long',
  }),
];

/** One bad message of a random kind, built from a good message's fields. */
export function makeBadMessage(fields: Fields, rng: Rng): BadMessage {
  return rng.pick(BAD_KINDS)(fields, rng);
}

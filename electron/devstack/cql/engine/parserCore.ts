// The cursor the recursive-descent parser walks, plus the pieces every statement shares: names, literals, terms and
// types. Errors are CqlSyntaxError with Cassandra's "line 1:N ..." prefix.
import type { Literal, TableRef, Term } from './ast';
import { customType, freeze, nativeTypeNamed } from './cqlType';
import { CqlSyntaxError, tokenize, type Token } from './lexer';
import type { CqlType } from './types';

/** Words that cannot be used as unquoted column names where ambiguity would arise. */
const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'insert',
  'update',
  'delete',
  'set',
  'into',
  'values',
  'if',
  'using',
  'limit',
  'order',
  'by',
  'allow',
  'in',
  'batch',
  'apply',
  'begin',
  'table',
  'keyspace',
  'with',
  'primary',
  'create',
  'drop',
  'truncate',
  'use',
  'token',
]);

/** Words that start a value, never a function call. */
const VALUE_WORDS = new Set(['true', 'false', 'null', 'nan', 'infinity']);

export class Cursor {
  readonly tokens: Token[];
  pos = 0;
  readonly markers: (string | null)[] = [];

  constructor(readonly query: string) {
    this.tokens = tokenize(query);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  fail(message: string, token: Token = this.peek()): never {
    const near = token.kind === 'eof' ? '<EOF>' : `'${token.text}'`;
    throw new CqlSyntaxError(`line 1:${token.at} ${message} (near ${near})`);
  }

  /** True (and consumed) when the next token is the keyword `word`. */
  accept(word: string): boolean {
    const t = this.peek();
    if ((t.kind === 'ident' && t.text === word) || (t.kind === 'punct' && t.text === word)) {
      this.next();
      return true;
    }
    return false;
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'ident' || t.kind === 'punct') && t.text === word;
  }

  expect(word: string): void {
    if (!this.accept(word)) this.fail(`mismatched input, expecting ${word.toUpperCase()}`);
  }

  /** An identifier: unquoted (lower-cased) or "quoted" (exact). */
  name(what = 'identifier'): string {
    const t = this.peek();
    if (t.kind === 'quoted') return this.next().text;
    if (t.kind === 'ident' && !RESERVED.has(t.text)) return this.next().text;
    // Unreserved uses of keywords such as a column named `key` or `type` are plain idents above; these are the rest.
    return this.fail(`no viable alternative, expecting ${what}`);
  }

  /** `ks.table` or `table`. */
  tableRef(): TableRef {
    const first = this.name('table name');
    if (this.accept('.')) return { keyspace: first, table: this.name('table name') };
    return { keyspace: null, table: first };
  }

  ifNotExists(): boolean {
    if (!this.isWord('if')) return false;
    this.next();
    this.expect('not');
    this.expect('exists');
    return true;
  }

  ifExists(): boolean {
    if (!(this.isWord('if') && this.isWord('exists', 1))) return false;
    this.next();
    this.next();
    return true;
  }

  end(): void {
    this.accept(';');
    if (this.peek().kind !== 'eof') this.fail('extraneous input after the statement');
  }

  marker(): Term | null {
    const t = this.peek();
    if (t.kind === 'marker' || t.kind === 'named') {
      this.next();
      this.markers.push(t.kind === 'named' ? t.text : null);
      return { kind: 'marker', index: this.markers.length - 1, name: t.kind === 'named' ? t.text : null };
    }
    return null;
  }

  term(): Term {
    const call = this.functionName();
    if (call !== null) {
      this.expect('(');
      const args: Term[] = [];
      if (!this.accept(')')) {
        do args.push(this.term());
        while (this.accept(','));
        this.expect(')');
      }
      return { kind: 'call', fn: call, args };
    }
    return this.marker() ?? { kind: 'literal', value: this.literal() };
  }

  /** `name(` or `system.name(`: consumes the name and answers it lower-cased, else null (nothing consumed). */
  functionName(): string | null {
    const t = this.peek();
    if (t.kind !== 'ident') return null;
    if (t.text === 'system' && this.isWord('.', 1) && this.peek(2).kind === 'ident' && this.isWord('(', 3)) {
      this.next();
      this.next();
      return this.next().text;
    }
    if (!this.isWord('(', 1) || VALUE_WORDS.has(t.text)) return null;
    return this.next().text;
  }

  literal(): Literal {
    const t = this.peek();
    switch (t.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: t.text };
      case 'number':
        this.next();
        return { kind: 'number', text: t.text };
      case 'uuid':
        this.next();
        return { kind: 'uuid', text: t.text };
      case 'duration':
        this.next();
        return { kind: 'duration', text: t.text };
      case 'blob':
        this.next();
        return { kind: 'blob', hex: t.text };
      case 'ident':
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'boolean', value: t.text === 'true' };
        }
        if (t.text === 'null') {
          this.next();
          return { kind: 'null' };
        }
        if (t.text === 'nan' || t.text === 'infinity') {
          this.next();
          return { kind: 'number', text: t.text === 'nan' ? 'NaN' : 'Infinity' };
        }
        break;
      case 'punct':
        if (t.text === '-' && this.isWord('infinity', 1)) {
          this.next();
          this.next();
          return { kind: 'number', text: '-Infinity' };
        }
        if (t.text === '[') return this.listLiteral();
        if (t.text === '{') return this.braceLiteral();
        if (t.text === '(') {
          this.next();
          const items: Literal[] = [this.literal()];
          while (this.accept(',')) items.push(this.literal());
          this.expect(')');
          return { kind: 'tuple', items };
        }
        break;
      default:
        break;
    }
    return this.fail('no viable alternative, expecting a value');
  }

  private listLiteral(): Literal {
    this.expect('[');
    const items: Literal[] = [];
    if (!this.accept(']')) {
      do items.push(this.literal());
      while (this.accept(','));
      this.expect(']');
    }
    return { kind: 'list', items };
  }

  /** `{}` (empty set or map, decided by the column), `{a, b}` (set) or `{k: v, ...}` (map). */
  private braceLiteral(): Literal {
    this.expect('{');
    if (this.accept('}')) return { kind: 'map', entries: [] };
    const t = this.peek();
    if ((t.kind === 'ident' || t.kind === 'quoted') && this.isWord(':', 1) && !VALUE_WORDS.has(t.text)) {
      // `{field: value, ...}`: a user-defined type's value (map keys are literals, never bare names).
      const fields: [string, Literal][] = [];
      do {
        const name = this.name('field name');
        this.expect(':');
        fields.push([name, this.literal()]);
      } while (this.accept(','));
      this.expect('}');
      return { kind: 'udt', fields };
    }
    const first = this.literal();
    if (this.accept(':')) {
      const entries: [Literal, Literal][] = [[first, this.literal()]];
      while (this.accept(',')) {
        const k = this.literal();
        this.expect(':');
        entries.push([k, this.literal()]);
      }
      this.expect('}');
      return { kind: 'map', entries };
    }
    const items = [first];
    while (this.accept(',')) items.push(this.literal());
    this.expect('}');
    return { kind: 'set', items };
  }

  /** A CQL type: native, list/set/map/tuple, frozen<...>. Nested collections come out frozen, as Cassandra reports. */
  type(nested = false): CqlType {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return customType(t.text);
    }
    if (t.kind === 'quoted') {
      // A user-defined type with a quoted name (`"MyType"`), possibly keyspace-qualified.
      this.next();
      if (this.accept('.'))
        return { kind: 'udt', keyspace: t.text, name: this.name('type name'), fields: [], frozen: nested };
      return { kind: 'udt', keyspace: '', name: t.text, fields: [], frozen: nested };
    }
    if (t.kind !== 'ident') return this.fail('no viable alternative, expecting a type');
    this.next();
    const word = t.text;
    if (word === 'frozen') {
      this.expect('<');
      const inner = this.type(true);
      this.expect('>');
      return freeze(inner);
    }
    if (word === 'list' || word === 'set') {
      this.expect('<');
      const element = freeze(this.type(true));
      this.expect('>');
      return { kind: word, element, frozen: nested };
    }
    if (word === 'map') {
      this.expect('<');
      const key = freeze(this.type(true));
      this.expect(',');
      const value = freeze(this.type(true));
      this.expect('>');
      return { kind: 'map', key, value, frozen: nested };
    }
    if (word === 'vector') {
      this.expect('<');
      const element = freeze(this.type(true));
      this.expect(',');
      const size = this.next();
      const dimension = Number(size.text);
      if (size.kind !== 'number' || !Number.isInteger(dimension)) return this.fail('expecting the vector dimension');
      this.expect('>');
      return { kind: 'vector', element, dimension };
    }
    if (word === 'tuple') {
      this.expect('<');
      const elements = [freeze(this.type(true))];
      while (this.accept(',')) elements.push(freeze(this.type(true)));
      this.expect('>');
      return { kind: 'tuple', elements };
    }
    const name = nativeTypeNamed(word);
    if (name !== null) return { kind: 'native', name };
    // A user-defined type, by name (`ks.name` or `name`); the catalog resolves it.
    if (this.accept('.'))
      return { kind: 'udt', keyspace: word, name: this.name('type name'), fields: [], frozen: nested };
    return { kind: 'udt', keyspace: '', name: word, fields: [], frozen: nested };
  }
}

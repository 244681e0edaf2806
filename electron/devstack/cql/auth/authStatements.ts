// The role and permission statements (CREATE/ALTER/DROP ROLE and USER, LIST ROLES/USERS, GRANT, REVOKE, LIST
// PERMISSIONS), parsed here on the wire side: they act on the server's role store, not on the engine's tables.
// parseAuthStatement answers null for anything else.
import { tokenize, type Token } from '../engine/lexer';
import { PERMISSIONS, type Permission } from './resources';

export interface RoleOptions {
  password?: string;
  login?: boolean;
  superuser?: boolean;
  options?: Record<string, string>;
}

/** A resource as written: resolved against the session keyspace when run. */
export type ResourceRef =
  | { kind: 'allKeyspaces' }
  | { kind: 'keyspace'; name: string }
  | { kind: 'table'; keyspace: string | null; name: string }
  | { kind: 'allRoles' }
  | { kind: 'role'; name: string }
  | { kind: 'allFunctions' };

export type AuthStatement =
  | { kind: 'createRole'; name: string; ifNotExists: boolean; options: RoleOptions; user: boolean }
  | { kind: 'alterRole'; name: string; ifExists: boolean; options: RoleOptions; user: boolean }
  | { kind: 'dropRole'; name: string; ifExists: boolean; user: boolean }
  | { kind: 'listRoles'; of: string | null; recursive: boolean; users: boolean }
  | { kind: 'grant'; permissions: Permission[] | 'all'; resource: ResourceRef; role: string }
  | { kind: 'revoke'; permissions: Permission[] | 'all'; resource: ResourceRef; role: string }
  | { kind: 'grantRole'; role: string; to: string }
  | { kind: 'revokeRole'; role: string; from: string }
  | {
      kind: 'listPermissions';
      permissions: Permission[] | 'all';
      resource: ResourceRef | null;
      of: string | null;
      recursive: boolean;
    };

export class AuthSyntaxError extends Error {}

class Tokens {
  private i = 0;
  constructor(private readonly list: Token[]) {}
  peek(k = 0): Token {
    return this.list[Math.min(this.i + k, this.list.length - 1)] as Token;
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.list.length - 1) this.i++;
    return t;
  }
  is(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === word;
  }
  accept(word: string): boolean {
    if (!this.is(word)) return false;
    this.next();
    return true;
  }
  expect(word: string): void {
    if (!this.accept(word)) this.fail(`expecting ${word.toUpperCase()}`);
  }
  fail(what: string): never {
    const t = this.peek();
    throw new AuthSyntaxError(`line 1:${t.at} ${what}, found '${t.kind === 'eof' ? '<EOF>' : t.text}'`);
  }
  atEnd(): boolean {
    if (this.peek().kind === 'punct' && this.peek().text === ';') this.next();
    return this.peek().kind === 'eof';
  }
  /** A role or keyspace name: an identifier, "quoted" or 'string'. */
  name(): string {
    const t = this.peek();
    if (t.kind === 'ident' || t.kind === 'quoted' || t.kind === 'string') {
      this.next();
      return t.text;
    }
    return this.fail('expecting a name');
  }
  punct(p: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) return false;
    this.next();
    return true;
  }
}

function literal(t: Tokens): string | boolean {
  const tok = t.next();
  if (tok.kind === 'string') return tok.text;
  if (tok.kind === 'ident' && (tok.text === 'true' || tok.text === 'false')) return tok.text === 'true';
  return t.fail('expecting a value');
}

function roleOptions(t: Tokens, user: boolean): RoleOptions {
  const o: RoleOptions = {};
  if (user) {
    // CREATE USER name [WITH PASSWORD 'p'] [SUPERUSER | NOSUPERUSER]: the old user syntax.
    if (t.accept('with')) {
      t.expect('password');
      const p = literal(t);
      if (typeof p !== 'string') t.fail('expecting a password string');
      o.password = p;
    }
    if (t.accept('superuser')) o.superuser = true;
    else if (t.accept('nosuperuser')) o.superuser = false;
    return o;
  }
  if (!t.accept('with')) return o;
  do {
    const key = t.name().toLowerCase();
    if (!t.punct('=')) t.fail("expecting '='");
    if (key === 'options') {
      if (!t.punct('{')) t.fail("expecting '{'");
      const map: Record<string, string> = {};
      while (!t.punct('}')) {
        const k = String(literal(t));
        if (!t.punct(':')) t.fail("expecting ':'");
        map[k] = String(literal(t));
        t.punct(',');
      }
      o.options = map;
      continue;
    }
    const v = literal(t);
    if (key === 'password' && typeof v === 'string') o.password = v;
    else if (key === 'login' && typeof v === 'boolean') o.login = v;
    else if (key === 'superuser' && typeof v === 'boolean') o.superuser = v;
    else throw new AuthSyntaxError(`Invalid value for property '${key.toUpperCase()}'`);
  } while (t.accept('and'));
  return o;
}

function permissions(t: Tokens): Permission[] | 'all' {
  if (t.accept('all')) {
    t.accept('permissions');
    return 'all';
  }
  const word = t.name().toUpperCase() as Permission;
  if (!PERMISSIONS.includes(word)) t.fail('expecting a permission');
  t.accept('permission');
  return [word];
}

function resource(t: Tokens): ResourceRef {
  if (t.accept('all')) {
    if (t.accept('keyspaces')) return { kind: 'allKeyspaces' };
    if (t.accept('roles')) return { kind: 'allRoles' };
    if (t.accept('functions')) return { kind: 'allFunctions' };
    t.fail('expecting KEYSPACES, ROLES or FUNCTIONS');
  }
  if (t.accept('keyspace')) return { kind: 'keyspace', name: t.name() };
  if (t.accept('role')) return { kind: 'role', name: t.name() };
  t.accept('table');
  const first = t.name();
  if (t.punct('.')) return { kind: 'table', keyspace: first, name: t.name() };
  return { kind: 'table', keyspace: null, name: first };
}

function parse(t: Tokens): AuthStatement | null {
  if (t.is('create') && (t.is('role', 1) || t.is('user', 1))) {
    t.next();
    const user = t.next().text === 'user';
    const ifNotExists = t.accept('if') && (t.expect('not'), t.expect('exists'), true);
    const name = t.name();
    return { kind: 'createRole', name, ifNotExists, options: roleOptions(t, user), user };
  }
  if (t.is('alter') && (t.is('role', 1) || t.is('user', 1))) {
    t.next();
    const user = t.next().text === 'user';
    const ifExists = t.accept('if') && (t.expect('exists'), true);
    const name = t.name();
    return { kind: 'alterRole', name, ifExists, options: roleOptions(t, user), user };
  }
  if (t.is('drop') && (t.is('role', 1) || t.is('user', 1))) {
    t.next();
    const user = t.next().text === 'user';
    const ifExists = t.accept('if') && (t.expect('exists'), true);
    return { kind: 'dropRole', name: t.name(), ifExists, user };
  }
  if (t.is('list') && (t.is('roles', 1) || t.is('users', 1))) {
    t.next();
    const users = t.next().text === 'users';
    const of = t.accept('of') ? t.name() : null;
    const recursive = !t.accept('norecursive');
    return { kind: 'listRoles', of, recursive, users };
  }
  if (t.is('grant') || t.is('revoke')) {
    const grant = t.next().text === 'grant';
    // GRANT role TO role: a role name where a permission would be, and no ON.
    const isPermission = t.is('all') || PERMISSIONS.includes(t.peek().text.toUpperCase() as Permission);
    if (!isPermission || (t.peek().kind !== 'ident' && !t.is('all'))) {
      const role = t.name();
      t.expect(grant ? 'to' : 'from');
      const other = t.name();
      return grant ? { kind: 'grantRole', role, to: other } : { kind: 'revokeRole', role, from: other };
    }
    const perms = permissions(t);
    t.expect('on');
    const res = resource(t);
    t.expect(grant ? 'to' : 'from');
    const role = t.name();
    return grant
      ? { kind: 'grant', permissions: perms, resource: res, role }
      : { kind: 'revoke', permissions: perms, resource: res, role };
  }
  if (t.is('list') && (t.is('all', 1) || PERMISSIONS.includes(t.peek(1).text.toUpperCase() as Permission))) {
    t.next();
    const perms = permissions(t);
    const res = t.accept('on') ? resource(t) : null;
    const of = t.accept('of') ? t.name() : null;
    const recursive = !t.accept('norecursive');
    return { kind: 'listPermissions', permissions: perms, resource: res, of, recursive };
  }
  return null;
}

/** The statement if `query` is a role or permission statement, else null; throws AuthSyntaxError when malformed. */
export function parseAuthStatement(query: string): AuthStatement | null {
  const head = /^\s*(create|alter|drop|list|grant|revoke)\b/i.exec(query);
  if (!head) return null;
  let tokens: Token[];
  try {
    tokens = tokenize(query);
  } catch {
    return null; // the engine reports the syntax error
  }
  const t = new Tokens(tokens);
  const s = parse(t);
  if (s === null) return null;
  if (!t.atEnd()) t.fail('extraneous input');
  return s;
}

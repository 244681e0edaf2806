// Roles and permissions under PasswordAuthenticator + CassandraAuthorizer semantics: the role the server was started
// with is a superuser that can log in; CREATE/ALTER/DROP ROLE and GRANT/REVOKE change the rest. Passwords are kept as
// scrypt hashes. With a data dir everything is written to roles.json there (atomically) on each change and read back
// on start, so roles live as long as the data.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceChain, type Permission } from './resources';

export interface Role {
  name: string;
  superuser: boolean;
  login: boolean;
  /** `scrypt$salt$hash` (hex), or null for a role without a password. */
  hash: string | null;
  /** Roles granted to this one (GRANT r TO this). */
  memberOf: string[];
  options: Record<string, string>;
}

interface Stored {
  roles: Role[];
  /** role → resource → permissions */
  permissions: Record<string, Record<string, Permission[]>>;
}

const SCRYPT = { N: 1024, r: 8, p: 1 };

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32, SCRYPT).toString('hex')}`;
}

function checkPassword(hash: string | null, password: string): boolean {
  if (hash === null) return false;
  const [, salt = '', expected = ''] = hash.split('$');
  const actual = scryptSync(password, Buffer.from(salt, 'hex'), 32, SCRYPT);
  const want = Buffer.from(expected, 'hex');
  return want.length === actual.length && timingSafeEqual(want, actual);
}

export class RoleStore {
  private readonly roles = new Map<string, Role>();
  private readonly permissions = new Map<string, Map<string, Set<Permission>>>();
  private readonly file: string | null;

  constructor(options: { dataDir: string | undefined; initial: { username: string; password: string } }) {
    this.file = options.dataDir === undefined ? null : join(options.dataDir, 'roles.json');
    this.load();
    const { username, password } = options.initial;
    const existing = this.roles.get(username);
    // The configured login always works with the configured password, whatever a previous run changed.
    if (!existing || !checkPassword(existing.hash, password) || !existing.superuser || !existing.login) {
      this.roles.set(username, {
        name: username,
        superuser: true,
        login: true,
        hash: hashPassword(password),
        memberOf: existing?.memberOf ?? [],
        options: existing?.options ?? {},
      });
      this.save();
    }
  }

  private load(): void {
    if (this.file === null) return;
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
    } catch {
      return; // no file yet (or unreadable): start with the configured role only
    }
    for (const r of stored.roles) this.roles.set(r.name, r);
    for (const [role, resources] of Object.entries(stored.permissions))
      this.permissions.set(role, new Map(Object.entries(resources).map(([res, p]) => [res, new Set(p)])));
  }

  private save(): void {
    if (this.file === null) return;
    const stored: Stored = {
      roles: [...this.roles.values()],
      permissions: Object.fromEntries(
        [...this.permissions].map(([role, m]) => [role, Object.fromEntries([...m].map(([r, p]) => [r, [...p]]))]),
      ),
    };
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, this.file);
  }

  get(name: string): Role | undefined {
    return this.roles.get(name);
  }

  all(): Role[] {
    return [...this.roles.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** True when `name` may log in with `password`. */
  authenticate(name: string, password: string): boolean {
    const role = this.roles.get(name);
    return role !== undefined && role.login && checkPassword(role.hash, password);
  }

  create(role: Omit<Role, 'hash' | 'memberOf'> & { password: string | null }): void {
    const { password, ...rest } = role;
    this.roles.set(role.name, { ...rest, hash: password === null ? null : hashPassword(password), memberOf: [] });
    this.save();
  }

  alter(
    name: string,
    change: { superuser?: boolean; login?: boolean; password?: string; options?: Record<string, string> },
  ): void {
    const role = this.roles.get(name);
    if (!role) return;
    if (change.superuser !== undefined) role.superuser = change.superuser;
    if (change.login !== undefined) role.login = change.login;
    if (change.password !== undefined) role.hash = hashPassword(change.password);
    if (change.options !== undefined) role.options = change.options;
    this.save();
  }

  drop(name: string): void {
    this.roles.delete(name);
    this.permissions.delete(name);
    for (const r of this.roles.values()) r.memberOf = r.memberOf.filter((m) => m !== name);
    this.save();
  }

  grantRole(role: string, to: string): void {
    const target = this.roles.get(to);
    if (target && !target.memberOf.includes(role)) target.memberOf.push(role);
    this.save();
  }

  revokeRole(role: string, from: string): void {
    const target = this.roles.get(from);
    if (target) target.memberOf = target.memberOf.filter((m) => m !== role);
    this.save();
  }

  /** The role and every role granted to it, transitively. */
  closure(name: string): string[] {
    const seen = new Set<string>();
    const visit = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const m of this.roles.get(n)?.memberOf ?? []) visit(m);
    };
    visit(name);
    return [...seen];
  }

  isSuper(name: string): boolean {
    return this.closure(name).some((r) => this.roles.get(r)?.superuser === true);
  }

  grant(role: string, resource: string, permissions: Permission[]): void {
    let m = this.permissions.get(role);
    if (!m) this.permissions.set(role, (m = new Map()));
    const set = m.get(resource) ?? new Set<Permission>();
    for (const p of permissions) set.add(p);
    m.set(resource, set);
    this.save();
  }

  revoke(role: string, resource: string, permissions: Permission[]): void {
    const set = this.permissions.get(role)?.get(resource);
    if (!set) return;
    for (const p of permissions) set.delete(p);
    if (set.size === 0) this.permissions.get(role)?.delete(resource);
    this.save();
  }

  /** Drops every grant on a resource and its children (a dropped keyspace or table, as Cassandra does). */
  forgetResource(resource: string): void {
    let changed = false;
    for (const m of this.permissions.values())
      for (const r of [...m.keys()])
        if (r === resource || r.startsWith(`${resource}/`)) {
          m.delete(r);
          changed = true;
        }
    if (changed) this.save();
  }

  /** Whether `name` (or a role granted to it) holds `permission` on the resource or a parent; superusers always. */
  allowed(name: string, permission: Permission, resource: string): boolean {
    if (this.isSuper(name)) return true;
    const chain = resourceChain(resource);
    return this.closure(name).some((r) => chain.some((res) => this.permissions.get(r)?.get(res)?.has(permission)));
  }

  /** Direct grants: [role, resource, permission] sorted, for LIST PERMISSIONS. */
  grants(): [string, string, Permission][] {
    const out: [string, string, Permission][] = [];
    for (const [role, m] of this.permissions) for (const [res, set] of m) for (const p of set) out.push([role, res, p]);
    return out;
  }
}

// Runs a role or permission statement against the role store with Cassandra's checks and messages: who may create,
// alter and drop roles, who may grant what, and what LIST ROLES / LIST PERMISSIONS show to whom.
import type { ColumnSpec, CqlError, CqlType, EngineResult, ExecutionResult } from '../engine/types';
import { CqlErrorCode } from '../engine/types';
import { boolCell, textCell, textMapCell } from '../views/cells';
import type { AuthStatement, ResourceRef } from './authStatements';
import type { RoleStore } from './roleStore';
import { applicablePermissions, displayResource, PERMISSIONS, type Permission } from './resources';

export interface AuthRunContext {
  store: RoleStore;
  /** The logged-in role. */
  user: string;
  sessionKeyspace: string | null;
  /** Whether a keyspace / table exists (GRANT on a missing resource is refused). */
  exists(keyspace: string, table: string | null): Promise<boolean>;
}

const TEXT: CqlType = { kind: 'native', name: 'text' };
const BOOL: CqlType = { kind: 'native', name: 'boolean' };
const MAP: CqlType = { kind: 'map', key: TEXT, value: TEXT, frozen: false };
const col = (table: string, name: string, type: CqlType): ColumnSpec => ({
  keyspace: 'system_auth',
  table,
  name,
  type,
});

const invalid = (message: string): EngineResult<ExecutionResult> => ({
  ok: false,
  error: { code: CqlErrorCode.invalid, message },
});
const unauthorized = (message: string): EngineResult<ExecutionResult> => ({
  ok: false,
  error: { code: CqlErrorCode.unauthorized, message } as CqlError,
});
const VOID: EngineResult<ExecutionResult> = { ok: true, value: { kind: 'void' } };

export function noPermission(user: string, permission: Permission, resource: string): CqlError {
  return {
    code: CqlErrorCode.unauthorized,
    message: `User ${user} has no ${permission} permission on ${displayResource(resource)} or any of its parents`,
  };
}

function resourceName(ref: ResourceRef, sessionKeyspace: string | null): string | CqlError {
  switch (ref.kind) {
    case 'allKeyspaces':
      return 'data';
    case 'keyspace':
      return `data/${ref.name}`;
    case 'table': {
      const ks = ref.keyspace ?? sessionKeyspace;
      if (ks === null)
        return {
          code: CqlErrorCode.invalid,
          message: 'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename',
        };
      return `data/${ks}/${ref.name}`;
    }
    case 'allRoles':
      return 'roles';
    case 'role':
      return `roles/${ref.name}`;
    case 'allFunctions':
      return 'functions';
  }
}

async function resourceExists(ctx: AuthRunContext, resource: string): Promise<boolean> {
  const [kind, a, b] = resource.split('/');
  if (kind === 'data' && a !== undefined) return ctx.exists(a, b ?? null);
  if (kind === 'roles' && a !== undefined) return ctx.store.get(a) !== undefined;
  return true;
}

function rows(columns: ColumnSpec[], values: (Buffer | null)[][]): EngineResult<ExecutionResult> {
  return { ok: true, value: { kind: 'rows', columns, rows: values, pagingState: null } };
}

export async function runAuthStatement(ctx: AuthRunContext, s: AuthStatement): Promise<EngineResult<ExecutionResult>> {
  const { store, user } = ctx;
  const superuser = store.isSuper(user);
  switch (s.kind) {
    case 'createRole': {
      if (!store.allowed(user, 'CREATE', 'roles')) return unauthorized(noPermission(user, 'CREATE', 'roles').message);
      if (s.options.superuser && !superuser)
        return unauthorized('Only superusers can create a role with superuser status');
      if (store.get(s.name)) return s.ifNotExists ? VOID : invalid(`${s.name} already exists`);
      store.create({
        name: s.name,
        superuser: s.options.superuser ?? false,
        // CREATE USER means a role that can log in.
        login: s.options.login ?? s.user,
        password: s.options.password ?? null,
        options: s.options.options ?? {},
      });
      // As CassandraRoleManager: the creator may alter, drop and grant the new role.
      if (!superuser) store.grant(user, `roles/${s.name}`, ['ALTER', 'DROP', 'AUTHORIZE']);
      return VOID;
    }
    case 'alterRole': {
      if (!store.get(s.name)) return s.ifExists ? VOID : invalid(`${s.name} doesn't exist`);
      const self = s.name === user;
      const onlyPassword = Object.keys(s.options).every((k) => k === 'password');
      // A role may change its own password; anything else needs ALTER on the role (superuser status: a superuser).
      if (!(self && onlyPassword) && !store.allowed(user, 'ALTER', `roles/${s.name}`))
        return unauthorized(noPermission(user, 'ALTER', `roles/${s.name}`).message);
      if (s.options.superuser !== undefined && !superuser)
        return unauthorized('Only superusers are allowed to alter superuser status');
      if (self && s.options.superuser === false)
        return unauthorized("You aren't allowed to alter your own superuser status");
      store.alter(s.name, s.options);
      return VOID;
    }
    case 'dropRole': {
      if (!store.get(s.name)) return s.ifExists ? VOID : invalid(`${s.name} doesn't exist`);
      if (s.name === user) return invalid('Cannot DROP primary role for current login');
      if (!store.allowed(user, 'DROP', `roles/${s.name}`))
        return unauthorized(noPermission(user, 'DROP', `roles/${s.name}`).message);
      if (store.get(s.name)?.superuser && !superuser)
        return unauthorized('Only superusers can drop a role with superuser status');
      store.drop(s.name);
      store.forgetResource(`roles/${s.name}`);
      return VOID;
    }
    case 'listRoles': {
      if (s.of !== null && !store.get(s.of)) return invalid(`<role ${s.of}> doesn't exist`);
      // Without DESCRIBE on all roles, a role sees only itself and the roles granted to it.
      const mayDescribe = store.allowed(user, 'DESCRIBE', 'roles');
      if (s.of !== null && !mayDescribe && !store.closure(user).includes(s.of))
        return unauthorized(`You are not authorized to view roles granted to ${s.of}`);
      const names =
        s.of !== null
          ? s.recursive
            ? store.closure(s.of)
            : [s.of, ...(store.get(s.of)?.memberOf ?? [])]
          : mayDescribe
            ? store.all().map((r) => r.name)
            : store.closure(user);
      const list = store.all().filter((r) => names.includes(r.name));
      if (s.users)
        return rows(
          [col('users', 'name', TEXT), col('users', 'super', BOOL), col('users', 'datacenters', TEXT)],
          list.filter((r) => r.login).map((r) => [textCell(r.name), boolCell(r.superuser), textCell('ALL')]),
        );
      return rows(
        [
          col('roles', 'role', TEXT),
          col('roles', 'super', BOOL),
          col('roles', 'login', BOOL),
          col('roles', 'options', MAP),
          col('roles', 'datacenters', TEXT),
        ],
        list.map((r) => [
          textCell(r.name),
          boolCell(r.superuser),
          boolCell(r.login),
          textMapCell(r.options),
          textCell('ALL'),
        ]),
      );
    }
    case 'grantRole':
    case 'revokeRole': {
      const role = s.role;
      const other = s.kind === 'grantRole' ? s.to : s.from;
      for (const r of [role, other]) if (!store.get(r)) return invalid(`${r} doesn't exist`);
      if (!store.allowed(user, 'AUTHORIZE', `roles/${role}`))
        return unauthorized(noPermission(user, 'AUTHORIZE', `roles/${role}`).message);
      if (s.kind === 'grantRole') {
        if (store.closure(role).includes(other)) return invalid(`${other} is a member of ${role}`);
        store.grantRole(role, other);
      } else store.revokeRole(role, other);
      return VOID;
    }
    case 'grant':
    case 'revoke': {
      const resource = resourceName(s.resource, ctx.sessionKeyspace);
      if (typeof resource !== 'string') return { ok: false, error: resource };
      if (!(await resourceExists(ctx, resource))) return invalid(`Resource ${displayResource(resource)} doesn't exist`);
      if (!store.get(s.role)) return invalid(`Role ${s.role} doesn't exist`);
      const applicable = applicablePermissions(resource);
      const perms = s.permissions === 'all' ? applicable : s.permissions;
      const bad = perms.find((p) => !applicable.includes(p));
      if (bad)
        return invalid(
          `Resource type ${resource.startsWith('data') ? 'DataResource' : 'RoleResource'} does not support any of the requested permissions`,
        );
      // The grantor needs AUTHORIZE on the resource and each permission it hands on.
      if (!store.allowed(user, 'AUTHORIZE', resource))
        return unauthorized(noPermission(user, 'AUTHORIZE', resource).message);
      for (const p of perms)
        if (!store.allowed(user, p, resource))
          return unauthorized(
            `User ${user} has grant privilege for ${p} permission on ${displayResource(resource)} but does not have ${p} permission itself`,
          );
      if (s.kind === 'grant') store.grant(s.role, resource, perms);
      else store.revoke(s.role, resource, perms);
      return VOID;
    }
    case 'listPermissions': {
      const of = s.of;
      if (of !== null && !store.get(of)) return invalid(`<role ${of}> doesn't exist`);
      if (!superuser && (of === null || !store.closure(user).includes(of)))
        return unauthorized(`You are not authorized to view ${of ?? 'everyone'}'s permissions`);
      let resource: string | null = null;
      if (s.resource !== null) {
        const r = resourceName(s.resource, ctx.sessionKeyspace);
        if (typeof r !== 'string') return { ok: false, error: r };
        resource = r;
      }
      const roles = of === null ? null : s.recursive ? store.closure(of) : [of];
      const wanted = s.permissions === 'all' ? PERMISSIONS : s.permissions;
      const chain = resource === null ? null : s.recursive ? parentsOf(resource) : [resource];
      const list = store
        .grants()
        .filter(
          ([role, res, p]) =>
            (roles === null || roles.includes(role)) && (chain === null || chain.includes(res)) && wanted.includes(p),
        )
        .sort(
          (a, b) =>
            a[0].localeCompare(b[0]) ||
            a[1].localeCompare(b[1]) ||
            PERMISSIONS.indexOf(a[2]) - PERMISSIONS.indexOf(b[2]),
        );
      return rows(
        [
          col('permissions', 'role', TEXT),
          col('permissions', 'username', TEXT),
          col('permissions', 'resource', TEXT),
          col('permissions', 'permission', TEXT),
        ],
        list.map(([role, res, p]) => [textCell(role), textCell(role), textCell(displayResource(res)), textCell(p)]),
      );
    }
  }
}

function parentsOf(resource: string): string[] {
  const parts = resource.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

// The wire server's authorization step (with --cql-auth): role and permission statements run against the role
// store; every other statement is checked against the permissions it needs before the engine sees it, and the
// store follows the schema after it (grants of a dropped keyspace or table go; a creator gets its new resource).
import type { CqlEngine, CqlError, EngineResult, ExecutionResult } from '../engine/types';
import { CqlErrorCode } from '../engine/types';
import { AuthSyntaxError, parseAuthStatement } from './authStatements';
import { requirementsOf } from './requirements';
import { applicablePermissions } from './resources';
import type { RoleStore } from './roleStore';
import { noPermission, runAuthStatement } from './runAuthStatement';

const AUTH_KINDS: Record<string, string> = {
  grant: 'GRANT',
  revoke: 'REVOKE',
  listPermissions: 'LIST PERMISSIONS',
};

/**
 * The answer to a role or permission statement, or null when `query` is not one. Without a role store (no
 * --cql-auth) roles are off, as with Cassandra's AllowAllAuthenticator/AllowAllAuthorizer.
 */
export function authStatementResult(
  roles: RoleStore | null,
  user: string | null,
  engine: CqlEngine,
  query: string,
  session: string | null,
): Promise<EngineResult<ExecutionResult>> | null {
  let s;
  try {
    s = parseAuthStatement(query);
  } catch (error) {
    if (!(error instanceof AuthSyntaxError)) throw error;
    return Promise.resolve({ ok: false, error: { code: CqlErrorCode.syntaxError, message: error.message } });
  }
  if (s === null) return null;
  if (roles === null || user === null) {
    const op = AUTH_KINDS[s.kind];
    const message =
      op !== undefined
        ? `${op} operation is not supported by AllowAllAuthorizer`
        : 'org.apache.cassandra.auth.AllowAllAuthenticator does not support role management (start devstack with --cql-auth)';
    return Promise.resolve({ ok: false, error: { code: CqlErrorCode.invalid, message } });
  }
  return runAuthStatement(
    {
      store: roles,
      user,
      sessionKeyspace: session,
      exists: async (keyspace, table) => {
        const q =
          table === null
            ? 'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?'
            : 'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?';
        const values = [Buffer.from(keyspace), ...(table === null ? [] : [Buffer.from(table)])];
        const r = await engine.query(q, values, {
          sessionKeyspace: null,
          consistency: 1,
          serialConsistency: null,
          pageSize: null,
          pagingState: null,
          defaultTimestamp: null,
          skipMetadata: false,
        });
        return r.ok && r.value.kind === 'rows' && r.value.rows.length > 0;
      },
    },
    s,
  );
}

/** Unauthorized when `user` lacks a permission `query` needs; null when it may run. Superusers skip the parse. */
export function deniedQuery(roles: RoleStore, user: string, query: string, session: string | null): CqlError | null {
  if (roles.isSuper(user)) return null;
  for (const need of requirementsOf(query, session))
    if (!roles.allowed(user, need.permission, need.resource)) return noPermission(user, need.permission, need.resource);
  return null;
}

/** After a statement ran: forget grants on what it dropped; give a non-superuser creator its new keyspace or table. */
export function followSchema(roles: RoleStore, user: string, result: ExecutionResult): void {
  if (result.kind !== 'schemaChange') return;
  const c = result.change;
  if (c.target !== 'KEYSPACE' && c.target !== 'TABLE') return;
  const resource = c.target === 'KEYSPACE' ? `data/${c.keyspace}` : `data/${c.keyspace}/${c.name ?? ''}`;
  if (c.type === 'DROPPED') roles.forgetResource(resource);
  else if (c.type === 'CREATED' && !roles.isSuper(user)) roles.grant(user, resource, applicablePermissions(resource));
}

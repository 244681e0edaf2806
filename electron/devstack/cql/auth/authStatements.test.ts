// The role and permission statement parser: the forms Cassandra 4.1/5.0 accept, names as the CQL lexer reads them
// (unquoted lower-cased, "quoted" and 'string' kept), null for every other statement.
import { describe, expect, it } from 'vitest';
import { AuthSyntaxError, parseAuthStatement } from './authStatements';

describe('parseAuthStatement', () => {
  it('reads CREATE / ALTER / DROP ROLE and USER with their options', () => {
    expect(
      parseAuthStatement(
        "CREATE ROLE IF NOT EXISTS Alice WITH PASSWORD = 'p' AND LOGIN = true AND OPTIONS = {'a': 'b'};",
      ),
    ).toEqual({
      kind: 'createRole',
      name: 'alice',
      ifNotExists: true,
      options: { password: 'p', login: true, options: { a: 'b' } },
      user: false,
    });
    expect(parseAuthStatement("CREATE USER 'Bob' WITH PASSWORD 'x' SUPERUSER")).toMatchObject({
      name: 'Bob',
      user: true,
      options: { password: 'x', superuser: true },
    });
    expect(parseAuthStatement('ALTER ROLE "Carol" WITH SUPERUSER = false')).toMatchObject({
      kind: 'alterRole',
      name: 'Carol',
      options: { superuser: false },
    });
    expect(parseAuthStatement('DROP USER IF EXISTS bob')).toEqual({
      kind: 'dropRole',
      name: 'bob',
      ifExists: true,
      user: true,
    });
  });

  it('reads GRANT and REVOKE of permissions and of roles, and the LIST forms', () => {
    expect(parseAuthStatement('GRANT ALL PERMISSIONS ON ALL KEYSPACES TO admin')).toEqual({
      kind: 'grant',
      permissions: 'all',
      resource: { kind: 'allKeyspaces' },
      role: 'admin',
    });
    expect(parseAuthStatement('REVOKE modify ON TABLE app.kv FROM alice')).toMatchObject({
      kind: 'revoke',
      permissions: ['MODIFY'],
      resource: { kind: 'table', keyspace: 'app', name: 'kv' },
    });
    expect(parseAuthStatement('GRANT SELECT PERMISSION ON kv TO alice')).toMatchObject({
      resource: { kind: 'table', keyspace: null, name: 'kv' },
    });
    expect(parseAuthStatement('GRANT readers TO alice')).toEqual({ kind: 'grantRole', role: 'readers', to: 'alice' });
    expect(parseAuthStatement('REVOKE readers FROM alice')).toEqual({
      kind: 'revokeRole',
      role: 'readers',
      from: 'alice',
    });
    expect(parseAuthStatement('LIST ALL PERMISSIONS ON KEYSPACE app OF alice NORECURSIVE')).toEqual({
      kind: 'listPermissions',
      permissions: 'all',
      resource: { kind: 'keyspace', name: 'app' },
      of: 'alice',
      recursive: false,
    });
    expect(parseAuthStatement('LIST SELECT ON ALL ROLES')).toMatchObject({
      permissions: ['SELECT'],
      resource: { kind: 'allRoles' },
    });
    expect(parseAuthStatement('LIST ROLES OF alice')).toEqual({
      kind: 'listRoles',
      of: 'alice',
      recursive: true,
      users: false,
    });
    expect(parseAuthStatement('list users')).toEqual({ kind: 'listRoles', of: null, recursive: true, users: true });
  });

  it('leaves other statements to the engine and refuses malformed role statements', () => {
    for (const q of [
      'SELECT * FROM t',
      'CREATE TABLE t (k int PRIMARY KEY)',
      'DROP KEYSPACE app',
      'ALTER TABLE t ADD v int',
    ])
      expect(parseAuthStatement(q)).toBeNull();
    expect(() => parseAuthStatement('GRANT SELECT ON app.kv alice')).toThrow(AuthSyntaxError);
    expect(() => parseAuthStatement('CREATE ROLE r WITH LOGIN = maybe')).toThrow(AuthSyntaxError);
    expect(() => parseAuthStatement('DROP ROLE r extra')).toThrow(AuthSyntaxError);
  });
});

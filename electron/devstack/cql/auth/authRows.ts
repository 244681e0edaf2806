// system_auth's tables as the role store holds them: roles, role_permissions, role_members.
import { boolCell, textCell, textSetCell, type SystemRow } from '../views/cells';
import type { RoleStore } from './roleStore';

export function authRows(roles: RoleStore, table: string): SystemRow[] | null {
  switch (table) {
    case 'roles':
      return roles.all().map((r) => ({
        role: textCell(r.name),
        can_login: boolCell(r.login),
        is_superuser: boolCell(r.superuser),
        member_of: r.memberOf.length === 0 ? null : textSetCell(r.memberOf),
        salted_hash: r.hash === null ? null : textCell(r.hash),
      }));
    case 'role_permissions': {
      const byKey = new Map<string, { role: string; resource: string; permissions: string[] }>();
      for (const [role, resource, p] of roles.grants()) {
        const key = `${role}\u0000${resource}`;
        const entry = byKey.get(key) ?? { role, resource, permissions: [] };
        entry.permissions.push(p);
        byKey.set(key, entry);
      }
      return [...byKey.values()].map((e) => ({
        role: textCell(e.role),
        resource: textCell(e.resource),
        permissions: textSetCell(e.permissions),
      }));
    }
    case 'role_members':
      return roles.all().flatMap((r) => r.memberOf.map((m) => ({ role: textCell(m), member: textCell(r.name) })));
    default:
      return null;
  }
}

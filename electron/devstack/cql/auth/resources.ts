// Cassandra's resources and permissions (IResource / Permission): names as system_auth stores them ('data/ks/t',
// 'roles/r') and as LIST PERMISSIONS and error messages print them ('<table ks.t>', '<role r>').

export const PERMISSIONS = ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE', 'DESCRIBE', 'EXECUTE'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each kind of resource can be granted ("ALL PERMISSIONS" means these). */
export function applicablePermissions(resource: string): Permission[] {
  if (resource === 'data' || /^data\/[^/]+$/.test(resource))
    return ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE'];
  if (resource.startsWith('data/')) return ['ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE'];
  if (resource === 'roles') return ['CREATE', 'ALTER', 'DROP', 'AUTHORIZE', 'DESCRIBE'];
  if (resource.startsWith('roles/')) return ['ALTER', 'DROP', 'AUTHORIZE'];
  return [...PERMISSIONS];
}

/** The resource and its parents, nearest first: data/ks/t → data/ks → data. */
export function resourceChain(resource: string): string[] {
  const parts = resource.split('/');
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(parts.slice(0, n).join('/'));
  return out;
}

/** '<table ks.t>', as Cassandra prints a resource. */
export function displayResource(resource: string): string {
  const parts = resource.split('/');
  if (parts[0] === 'data') {
    if (parts.length === 1) return '<all keyspaces>';
    if (parts.length === 2) return `<keyspace ${parts[1]}>`;
    return `<table ${parts[1]}.${parts[2]}>`;
  }
  if (parts[0] === 'roles') return parts.length === 1 ? '<all roles>' : `<role ${parts[1]}>`;
  if (parts[0] === 'functions') return parts.length === 1 ? '<all functions>' : `<all functions in ${parts[1]}>`;
  return `<${resource}>`;
}

import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** `::1` → `[::1]`: how an address appears in a URL and a Host header. */
export const urlHost = (address: string): string =>
  address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;

/** Whether `host` (a name or address, as given to `--host`) is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** The names this machine answers to from elsewhere: its host name and the addresses of its interfaces. */
function machineNames(family: 'ipv4' | 'any'): { names: string[]; remote: string[] } {
  const remote: string[] = [];
  const names: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      // A link-local IPv6 address needs its zone (%eth0), which no browser puts in a Host header.
      if (entry.family === 'IPv6' && (family === 'ipv4' || entry.scopeid)) continue;
      names.push(urlHost(entry.address));
      if (!entry.internal) remote.push(urlHost(entry.address));
    }
  }
  const machine = hostname();
  if (machine) {
    names.push(machine.toLowerCase());
    remote.unshift(machine.toLowerCase());
  }
  return { names, remote };
}

/** What the host accepts in a Host header and which addresses it prints. */
export interface ServedNames {
  /** Allowed `Host` header values, each `name:port`. */
  hosts: Set<string>;
  /** The address to open on this machine. */
  local: string;
  /** Addresses other machines can use (empty on loopback). */
  remote: string[];
}

/**
 * The names a host bound to `host` is reached by, against DNS rebinding: loopback binds accept the loopback names; a
 * wildcard bind (0.0.0.0, ::) accepts those plus the machine's host name and interface addresses; a specific address
 * accepts itself and the machine's host name (which may resolve to it).
 */
export function servedNames(host: string, port: number): ServedNames {
  const bound = urlHost(host.toLowerCase());
  let names: string[];
  let remote: string[] = [];
  let local = bound;
  if (isLoopbackHost(host)) names = [bound, ...LOOPBACK_NAMES];
  else if (WILDCARDS.has(host)) {
    const machine = machineNames(host === '0.0.0.0' ? 'ipv4' : 'any');
    names = [bound, ...LOOPBACK_NAMES, ...machine.names];
    remote = machine.remote;
    local = '127.0.0.1';
  } else {
    names = [bound];
    const machine = hostname().toLowerCase();
    if (machine) names.push(machine);
    remote = [bound];
  }
  return { hosts: new Set(names.map((name) => `${name}:${port}`)), local, remote: [...new Set(remote)] };
}

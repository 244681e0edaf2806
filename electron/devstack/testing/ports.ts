// Ports tests rely on.
import { readFileSync } from 'node:fs';

/** A port nothing listens on. Port 1 (tcpmux) is never served on a CI machine; a port bound and closed again could be
 * handed to another test's listener in the meantime. */
export const CLOSED_PORT = 1;

// Tests that stop a server and start it again on the same port, as a restarted node would.
//
// A port from `listen(0)` comes from the kernel's ephemeral range, the same range it takes the local ports of
// outgoing connections from. While our server is down, any client in any process (the other test worker's kafkajs,
// a driver reconnecting) may be handed that port for its side of a connection, and the restart then fails with
// EADDRINUSE. Ports below the ephemeral range are never handed out that way: only another test choosing the same
// number could take one (the first start then tries another number; a restart would fail, about once in 10^4 runs).
const FALLBACK_LOW = 20_000;

/** The first port of the kernel's ephemeral range (Linux); 32768, the common default, elsewhere. */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low && low > FALLBACK_LOW + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const inUse = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE' || /EADDRINUSE/.test(String(error));

/** Starts a server on a random port below the ephemeral range, trying other numbers while they are taken. */
export async function startOnStablePort<T>(start: (port: number) => Promise<T>, attempts = 50): Promise<T> {
  const high = ephemeralLow() - 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = FALLBACK_LOW + Math.floor(Math.random() * (high - FALLBACK_LOW));
    try {
      return await start(port);
    } catch (error) {
      if (!inUse(error)) throw error;
      last = error;
    }
  }
  throw new Error(`no free port below the ephemeral range after ${attempts} tries: ${String(last)}`);
}

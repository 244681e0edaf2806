// The commands a fault-proxy child process takes (as IPC messages or JSON lines on stdin) and its answers.
import type { FaultConditions, FaultProxy } from './faultProxy';

/** One command for proxy `index` (in the order the child was given them); `id` is echoed in the answer. */
export type FaultProxyCommand = { id?: number; index: number } & (
  | { cmd: 'set'; options: FaultConditions & { target?: string } }
  | { cmd: 'reset' }
  | { cmd: 'stall'; on: boolean }
  | { cmd: 'stats' }
);

/** The answer to a command: `ok` with the proxy's stats, or what was wrong. */
export type FaultProxyAnswer = { id?: number } & (
  { ok: true; stats: ReturnType<FaultProxy['stats']>; connections: number } | { ok: false; error: string }
);

/** Runs one command against the child's proxies; never throws. */
export function runFaultProxyCommand(proxies: readonly FaultProxy[], message: unknown): FaultProxyAnswer {
  const command = message as Partial<FaultProxyCommand> | null;
  const id = typeof command?.id === 'number' ? command.id : undefined;
  const proxy = typeof command?.index === 'number' ? proxies[command.index] : undefined;
  if (!command || !proxy) return { id, ok: false, error: `no proxy at index ${String(command?.index)}` };
  try {
    switch (command.cmd) {
      case 'set':
        proxy.set(command.options ?? {});
        break;
      case 'reset':
        proxy.reset();
        break;
      case 'stall':
        proxy.stall(command.on === true);
        break;
      case 'stats':
        break;
      default:
        return { id, ok: false, error: `unknown command ${JSON.stringify(command.cmd)}` };
    }
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { id, ok: true, stats: proxy.stats(), connections: proxy.connections().length };
}

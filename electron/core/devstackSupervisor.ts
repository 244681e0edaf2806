// What every host does with the embedded stack's process, whatever started it (Node's child_process under the CLI and
// the browser mode, Electron's utilityProcess in the desktop app): wait for the line with its addresses, pass its
// stderr to the log, lower its priority, and close it with a drain, killing it only if it hangs.
import { setPriority } from 'node:os';
import type { Logger } from '../../shared/logger';

/** The embedded stack as the Core sees it: two addresses and a close. */
export interface RunningDevstack {
  kafka: string;
  cql: string;
  close(): Promise<void>;
}

/** The part of a started process the supervisor needs; a Node `ChildProcess` and an Electron `UtilityProcess` both fit. */
export interface DevstackChild {
  pid: number | undefined;
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Resolves with the exit code (null after a signal) once the process has ended; created before it can end. */
  exited: Promise<number | null>;
  /** Asks the stack to drain and exit: a message on its channel, or SIGTERM when the channel is gone. */
  requestClose(): void;
  /** Ends it at once (SIGKILL): only for a stack that did not exit after `requestClose`. */
  kill(): void;
}

/** How much the embedded stack yields to the app when the machine is busy (0 = same as the app, 19 = least). */
const DEVSTACK_NICE = 5;
/** How long a closing stack gets to flush its data dir before it is killed. */
const CLOSE_GRACE_MS = 10_000;

/** Waits for the child's `{"kafka","cql"}` line (or its early exit, with the last stderr line as the reason). */
export async function superviseDevstackChild(child: DevstackChild, logger: Logger): Promise<RunningDevstack> {
  // The stack is a development stand-in for a cluster: when the two share the cores with the app, the app's window and
  // its main process go first. Failing to renice (some sandboxes forbid it) changes nothing else.
  try {
    if (child.pid !== undefined) setPriority(child.pid, DEVSTACK_NICE);
  } catch {
    // keep the default priority
  }
  let ended = false;
  void child.exited.then(() => (ended = true));
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-2000);
    for (const line of text.split('\n')) if (line.trim()) logger.warn({ component: 'devstack' }, line.slice(0, 1000));
  });
  const addresses = await new Promise<{ kafka: string; cql: string }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { kafka: string; cql: string });
    });
    void child.exited.then((code) =>
      reject(
        new Error(
          `the embedded dev stack exited (code ${code}) before it was ready: ${stderrTail.trim().split('\n').pop() ?? ''}`,
        ),
      ),
    );
  });
  logger.info({ ...addresses, pid: child.pid }, 'embedded dev stack ready');
  let closing: Promise<void> | null = null;
  return {
    ...addresses,
    close() {
      return (closing ??= (async () => {
        if (ended) return;
        child.requestClose();
        const timer = setTimeout(() => child.kill(), CLOSE_GRACE_MS);
        await child.exited;
        clearTimeout(timer);
      })());
    },
  };
}

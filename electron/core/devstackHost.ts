import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../../shared/logger';
import { devstackProcessEnv } from '../devstack/processEnv';

/** The embedded stack as the Core sees it: two addresses and a close. */
export interface RunningDevstack {
  kafka: string;
  cql: string;
  close(): Promise<void>;
}

export interface DevstackLaunchOptions {
  dataDir?: string;
  kafkaPort?: number;
  cqlPort?: number;
  host?: string;
  /** Address the broker puts in Metadata, e.g. a fault proxy's in front of it (see startDevstack). */
  kafkaAdvertisedHost?: string;
  kafkaAdvertisedPort?: number;
  logger: Logger;
}

/** Starts the embedded stack somewhere other than the caller's event loop; swappable (Electron can use a utility process). */
export type DevstackLauncher = (options: DevstackLaunchOptions) => Promise<RunningDevstack>;

/** How much the embedded stack yields to the app when the machine is busy (0 = same as the app, 19 = least). */
const DEVSTACK_NICE = 5;

/** The tsx loader as a file URL, so the child finds it whatever the working directory. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  return pathToFileURL(pkg.replace(/package\.json$/, 'dist/loader.mjs')).href;
}

/** Where and how the child runs; the defaults suit plain Node (the CLI, the browser mode, tests). */
export interface DevstackProcessOptions {
  /** Path of `devstackProcess.ts`; a bundled Electron main passes the source path, as bundling moves this file. */
  script?: string;
  /** Extra environment, e.g. `ELECTRON_RUN_AS_NODE=1` so Electron's binary runs the child as plain Node. */
  env?: Record<string, string>;
}

/** Builds a launcher that runs `devstackProcess.ts` in a child Node process (through tsx) and waits for its addresses. */
export function createDevstackProcessLauncher(processOptions: DevstackProcessOptions = {}): DevstackLauncher {
  return (options) => launch(processOptions, options);
}

const launch = async (
  processOptions: DevstackProcessOptions,
  options: DevstackLaunchOptions,
): Promise<RunningDevstack> => {
  const script = processOptions.script ?? fileURLToPath(new URL('./devstackProcess.ts', import.meta.url));
  const { logger, ...rest } = options;
  const child = spawn(process.execPath, ['--import', tsxLoader(), script, JSON.stringify(rest)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: devstackProcessEnv({ ...process.env, ...processOptions.env }),
  });
  // The stack is a development stand-in for a cluster: when the two share the cores with the app, the app's window and
  // its main process go first (nice 5). Failing to renice (some sandboxes forbid it) changes nothing else.
  try {
    if (child.pid !== undefined) setPriority(child.pid, DEVSTACK_NICE);
  } catch {
    // keep the default priority
  }
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-2000);
    for (const line of text.split('\n')) if (line.trim()) logger.warn({ component: 'devstack' }, line.slice(0, 1000));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const addresses = await new Promise<{ kafka: string; cql: string }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { kafka: string; cql: string });
    });
    void exited.then((code) =>
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
        if (child.exitCode !== null) return;
        if (child.connected) child.send('close');
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })());
    },
  };
};

/** The default launcher: the child runs this checkout's `devstackProcess.ts` with the current Node. */
export const launchDevstackProcess: DevstackLauncher = createDevstackProcessLauncher();

// The embedded stack in a child Node process, so the broker and the CQL store never share an event loop with the
// pipeline. The built app runs the built entry (out/main/devstackProcess.js) with plain Node; only a source checkout
// (tests, `npx tsx` scripts) runs `devstackProcess.ts` through tsx, a development dependency.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../../shared/logger';
import type { DevstackCqlOptions } from '../devstack';
import { devstackProcessEnv } from '../devstack/processEnv';
import { superviseDevstackChild, type RunningDevstack } from './devstackSupervisor';

export type { RunningDevstack } from './devstackSupervisor';

export interface DevstackLaunchOptions {
  dataDir?: string;
  kafkaPort?: number;
  cqlPort?: number;
  host?: string;
  /** Address the broker puts in Metadata, e.g. a fault proxy's in front of it (see startDevstack). */
  kafkaAdvertisedHost?: string;
  kafkaAdvertisedPort?: number;
  /** Cassandra version, data center, vnodes, auth of the embedded CQL store. */
  cql?: DevstackCqlOptions;
  logger: Logger;
}

/** Starts the embedded stack somewhere other than the caller's event loop (a child process, a utility process). */
export type DevstackLauncher = (options: DevstackLaunchOptions) => Promise<RunningDevstack>;

/** Where and how the child runs. */
export interface DevstackProcessOptions {
  /** The child's entry: the built `devstackProcess.js`; default (source checkouts only) `devstackProcess.ts`. */
  script?: string;
  /** Extra environment for the child. */
  env?: Record<string, string>;
}

/** The source entry beside this file; a bundle has moved this module away from it, so built hosts must name theirs. */
function sourceScript(): string {
  if (!import.meta.url.endsWith('.ts'))
    throw new Error('the embedded stack needs its built entry (devstackProcess.js): pass `script`');
  return fileURLToPath(new URL('./devstackProcess.ts', import.meta.url));
}

/** `--import <tsx>` for a TypeScript entry (tests, source scripts); nothing for built JavaScript. */
function loaderFlags(script: string): string[] {
  if (!script.endsWith('.ts')) return [];
  const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
  return ['--import', pathToFileURL(tsx.replace(/package\.json$/, 'dist/loader.mjs')).href];
}

/** Builds a launcher that runs the stack's entry in a child Node process and waits for its addresses. */
export function createDevstackProcessLauncher(processOptions: DevstackProcessOptions = {}): DevstackLauncher {
  return async ({ logger, ...rest }) => {
    const script = processOptions.script ?? sourceScript();
    const child = spawn(process.execPath, [...loaderFlags(script), script, JSON.stringify(rest)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: devstackProcessEnv({ ...process.env, ...processOptions.env }),
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return superviseDevstackChild(
      {
        pid: child.pid,
        stdout: child.stdout!,
        stderr: child.stderr!,
        exited,
        requestClose: () => (child.connected ? child.send('close') : child.kill('SIGTERM')),
        kill: () => child.kill('SIGKILL'),
      },
      logger,
    );
  };
}

/** The default launcher of a source checkout: `devstackProcess.ts` through tsx, with the current Node. */
export const launchDevstackProcess: DevstackLauncher = (options) => createDevstackProcessLauncher()(options);

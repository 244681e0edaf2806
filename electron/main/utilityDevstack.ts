import { utilityProcess } from 'electron';
import { superviseDevstackChild, type DevstackLauncher } from '../core';
import { devstackProcessEnv } from '../devstack/processEnv';

/**
 * The embedded stack in an Electron utility process: Chromium's own child-process machinery, so the app needs neither
 * `ELECTRON_RUN_AS_NODE` nor a loader. Everything but the fork is `superviseDevstackChild`, shared with the Node
 * child of the CLI and tested there.
 */
export function createUtilityDevstackLauncher({ script }: { script: string }): DevstackLauncher {
  return async ({ logger, ...options }) => {
    const child = utilityProcess.fork(script, [JSON.stringify(options)], {
      stdio: 'pipe',
      serviceName: 'Userstream dev stack',
      env: devstackProcessEnv(process.env),
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // The pid (for the lower priority) is known once it has spawned; a fork that fails goes straight to 'exit'.
    await Promise.race([new Promise<void>((resolve) => child.once('spawn', () => resolve())), exited]);
    return superviseDevstackChild(
      {
        pid: child.pid,
        stdout: child.stdout!,
        stderr: child.stderr!,
        exited,
        requestClose: () => child.postMessage('close'),
        kill: () => {
          if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        },
      },
      logger,
    );
  };
}

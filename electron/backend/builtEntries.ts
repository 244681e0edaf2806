// Where the build (electron.vite.config.ts, run by `npm run build` and `npm install`) puts the entries of the app's
// other processes: beside the bundle that starts them, in out/main/. A host running built code (Electron's main, the
// `userstream` command) passes these on, so nothing is compiled at run time.
import { join } from 'node:path';

/** The build's entry names in out/main/ (electron.vite.config.ts uses these). */
export const BUILT_ENTRY_NAMES = { cli: 'cli', coreWorker: 'coreWorker', devstack: 'devstackProcess' } as const;

/** The built code a host starts its other processes from. */
export interface BuiltEntries {
  /** The core's worker thread. */
  coreWorker: string;
  /** The embedded dev stack's own process. */
  devstack: string;
  /** The renderer's files, for the browser mode. */
  rendererDir: string;
}

/** The entries beside `mainDir` (out/main). */
export function builtEntries(mainDir: string): BuiltEntries {
  return {
    coreWorker: join(mainDir, `${BUILT_ENTRY_NAMES.coreWorker}.js`),
    devstack: join(mainDir, `${BUILT_ENTRY_NAMES.devstack}.js`),
    rendererDir: join(mainDir, '../renderer'),
  };
}

import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Directories of the data dir: only the owner may enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files of the data dir: only the owner may read them (users' personal data, connection settings, secrets). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * What Userstream keeps in a data dir, relative to it: files, and directories whose whole tree is ours. The data dir
 * may be Electron's userData, which also holds Chromium's profile, so nothing else in it is touched.
 */
export const PRIVATE_ENTRIES = {
  files: ['settings.json', 'settings.json.tmp', 'secrets.json', 'secrets.json.tmp', 'window.json', 'window.json.tmp'],
  trees: ['logs', 'errors', 'metrics', 'devstack'],
} as const;

/** At most this many entries are walked in the trees (the embedded stack's segments and tables are the many). */
const MAX_WALK = 100_000;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Creates the data dir owner-only (0700) and brings what Userstream keeps in it to owner-only modes — directories
 * 0700, files 0600 — fixing files an older version (or a umask of 022) left readable by others. Symbolic links are
 * never followed. A data dir that is a shared place (sticky bit, like /tmp, or the home directory itself) keeps its
 * own mode, with a warning, so `--data-dir /tmp` cannot lock other users out of /tmp. Does nothing on Windows, whose
 * files follow ACLs rather than modes. Returns what it could not do, for the log (which lives in the data dir).
 */
export async function securePrivateDataDir(dataDir: string): Promise<string[]> {
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const warnings: string[] = [];
  if (process.platform === 'win32') return warnings;
  const fix = async (path: string, mode: number) => {
    try {
      await chmod(path, mode);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') warnings.push(`could not make ${path} owner-only: ${String(error)}`);
    }
  };
  const info = await stat(dataDir);
  const shared = (info.mode & 0o1000) !== 0 || resolve(dataDir) === resolve(homedir());
  if (shared) warnings.push(`data dir ${dataDir} is a shared directory; its own mode is left as it is`);
  else if ((info.mode & 0o777) !== PRIVATE_DIR_MODE) await fix(dataDir, PRIVATE_DIR_MODE);

  for (const name of PRIVATE_ENTRIES.files) {
    const path = join(dataDir, name);
    const file = await lstat(path).catch(() => null);
    if (file?.isFile() && (file.mode & 0o777) !== PRIVATE_FILE_MODE) await fix(path, PRIVATE_FILE_MODE);
  }
  // Iterative, bounded: a stack of paths, not recursion.
  const stack: string[] = PRIVATE_ENTRIES.trees.map((name) => join(dataDir, name));
  let walked = 0;
  while (stack.length > 0 && walked++ < MAX_WALK) {
    const path = stack.pop()!;
    const entry = await lstat(path).catch(() => null);
    if (!entry || entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      if ((entry.mode & 0o777) !== PRIVATE_DIR_MODE) await fix(path, PRIVATE_DIR_MODE);
      for (const child of await readdir(path).catch(() => [])) stack.push(join(path, child));
    } else if (entry.isFile() && (entry.mode & 0o777) !== PRIVATE_FILE_MODE) await fix(path, PRIVATE_FILE_MODE);
  }
  return warnings;
}

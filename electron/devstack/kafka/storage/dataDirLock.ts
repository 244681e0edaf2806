// One broker per data dir: two writers on the same segment files would corrupt them. The lock file holds the owner's
// pid; a lock left by a process that no longer exists (kill -9) is taken over.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** Data dirs locked by brokers of this process (a pid check cannot tell them apart). */
const lockedHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process not yet reaped by its parent (a zombie) still answers signal 0 but holds no files.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Takes the lock on `dir` or throws naming the process holding it; returns the release function. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'broker.lock');
  if (lockedHere.has(path))
    throw new Error(`createKafkaBroker: dataDir ${dir} is in use by another broker in this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      lockedHere.add(path);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        lockedHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new Error(`createKafkaBroker: dataDir ${dir} is in use by another broker (process ${owner})`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`createKafkaBroker: could not lock dataDir ${dir}`);
}

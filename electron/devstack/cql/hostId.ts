// The node's host id: random per in-memory server, and stable across restarts for a data dir (drivers key hosts by it).
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'host-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function loadHostId(dataDir: string | undefined): Promise<string> {
  if (dataDir === undefined) return randomUUID();
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (UUID.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = randomUUID();
  await writeFile(`${path}.tmp`, `${id}\n`);
  await rename(`${path}.tmp`, path);
  return id;
}

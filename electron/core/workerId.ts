import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** This data dir's worker id: read from `<dataDir>/worker-id`, made and saved on first use. */
export async function loadWorkerId(dataDir: string): Promise<string> {
  const file = join(dataDir, 'worker-id');
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (/^[\w.-]{1,200}$/.test(saved)) return saved;
  } catch {
    // First run in this data dir.
  }
  const id = randomUUID();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetricsSnapshot } from '../../shared/metrics';
import { createRing, type Ring } from './ring';

const HOUR_MS = 60 * 60 * 1000;

/** The last hour of snapshots, saved to a JSON file now and then so charts survive a restart. */
export interface MetricsHistory {
  add(snapshot: MetricsSnapshot): void;
  /** Oldest first, the last hour only. */
  list(): MetricsSnapshot[];
  save(): Promise<void>;
  close(): Promise<void>;
}

export async function openMetricsHistory(options: {
  file?: string;
  intervalMs: number;
  saveEveryMs?: number;
}): Promise<MetricsHistory> {
  const capacity = Math.max(60, Math.ceil(HOUR_MS / options.intervalMs));
  const ring: Ring<MetricsSnapshot> = createRing(capacity);
  const file = options.file;
  if (file) {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as MetricsSnapshot[];
      const since = Date.now() - HOUR_MS;
      for (const s of saved) if (s.at >= since) ring.push(s);
    } catch {
      // No history yet, or a torn file from a crash: start empty.
    }
  }
  let dirty = false;
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    if (!file || !dirty) return saving;
    dirty = false;
    const text = JSON.stringify(ring.toArray());
    saving = saving
      .then(async () => {
        const tmp = `${file}.tmp`;
        await writeFile(tmp, text, { mode: 0o600 });
        await rename(tmp, file);
      })
      .catch(() => undefined);
    return saving;
  };
  const timer = setInterval(() => void save(), options.saveEveryMs ?? 30_000);
  timer.unref();
  return {
    add(snapshot) {
      // The buckets are for exporters of the live stream; charts never read them, and an hour of them would double
      // the file.
      const { latencyHistogram: _buckets, ...kept } = snapshot;
      ring.push(kept);
      dirty = true;
    },
    list() {
      const since = Date.now() - HOUR_MS;
      return ring.toArray().filter((s) => s.at >= since);
    },
    save,
    async close() {
      clearInterval(timer);
      await save();
    },
  };
}

import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A log file that rolls over at `maxBytes`: `x.log` → `x.log.1` → … → `x.log.<keep>` (the oldest is dropped). */
export interface RotatingFile {
  write(text: string): void;
  close(): void;
}

export function openRotatingFile(path: string, options: { maxBytes?: number; keep?: number } = {}): RotatingFile {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = options.keep ?? 3;
  // Owner-only: log lines name users and hosts. Renames keep the mode, so the rotated files stay 0600 too.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number | null = openSync(path, 'a', 0o600);
  let size = fstatSync(fd).size;

  const rotate = () => {
    if (fd !== null) closeSync(fd);
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    renameSync(path, `${path}.1`);
    fd = openSync(path, 'a', 0o600);
    size = 0;
  };

  return {
    write(text) {
      if (fd === null) return;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) rotate();
      // Synchronous on purpose: log lines are rare next to messages, and a crash must not lose the last ones.
      writeSync(fd!, text);
      size += bytes;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

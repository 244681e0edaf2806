// Export output: rows encoded page by page as they arrive (never the whole table in memory), and a file written under
// a temporary name beside the target and renamed only when every row is in it, so a cancelled or failed export
// leaves nothing that looks complete.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { UserRow } from '../../shared/user';
import { exportChunk, exportPreamble } from '../../shared/userExport';
import type { UsersExportFormat } from '../../shared/usersJobs';

/** Encodes pages of rows as they come: one chunk per page, the CSV header first. `onRows` sees running totals. */
export async function* encodeExport(
  format: UsersExportFormat,
  pages: AsyncIterable<readonly UserRow[]>,
  onRows?: (rows: number, bytes: number) => void,
): AsyncGenerator<Buffer, void, undefined> {
  let rows = 0;
  let bytes = 0;
  const preamble = exportPreamble(format);
  if (preamble) {
    const chunk = Buffer.from(preamble);
    bytes += chunk.length;
    yield chunk;
  }
  for await (const page of pages) {
    const chunk = Buffer.from(exportChunk(format, page));
    rows += page.length;
    bytes += chunk.length;
    onRows?.(rows, bytes);
    yield chunk;
  }
}

/** The temporary name an export is written under: hidden, beside the target, unmistakably partial. */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
}

/**
 * Writes `chunks` to `path` with backpressure (the source is pulled only as fast as the disk takes it): first to a
 * temporary file, renamed to `path` at the end. On any failure or abort the temporary file is removed and the error
 * rethrown; an existing file at `path` is replaced only by a complete export.
 */
export async function writeExportFile(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  const temp = partialPath(path);
  try {
    await pipeline(chunks, createWriteStream(temp, { flags: 'wx', mode: 0o600 }), signal ? { signal } : {});
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

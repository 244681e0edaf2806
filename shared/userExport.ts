// The export file formats, as lines: CSV (RFC 4180 quoting, a header with the twelve columns, spreadsheet formulas
// defused) and JSON Lines. Pure, so the core's streamed writer and the tests share one definition.
import { USER_COLUMNS, type UserRow } from './user';
import type { UsersExportFormat } from './usersJobs';

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ tab or CR gets a `'` first. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const first = value.charCodeAt(0);
  // = + - @ tab CR: a spreadsheet would run it as a formula.
  const safe =
    first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The CSV header line (with its line break). */
export const CSV_HEADER = `${USER_COLUMNS.join(',')}\n`;

/** One user as a CSV record; records end in LF, as the app's exports always have (quoted fields keep any CR/LF). */
export function csvRecord(row: UserRow): string {
  let line = csvField(row.id);
  for (let i = 1; i < USER_COLUMNS.length; i++) line += `,${csvField(row[USER_COLUMNS[i]!])}`;
  return `${line}\n`;
}

/** One user as a JSON Lines record, keys in the table's column order. */
export function jsonRecord(row: UserRow): string {
  const ordered: Record<string, string | null> = {};
  for (const c of USER_COLUMNS) ordered[c] = row[c];
  return `${JSON.stringify(ordered)}\n`;
}

/** What a format's file starts with (the CSV header; nothing for JSON Lines). */
export function exportPreamble(format: UsersExportFormat): string {
  return format === 'csv' ? CSV_HEADER : '';
}

/** Rows of one page as the text of one chunk. */
export function exportChunk(format: UsersExportFormat, rows: readonly UserRow[]): string {
  const encode = format === 'csv' ? csvRecord : jsonRecord;
  let text = '';
  for (const row of rows) text += encode(row);
  return text;
}

/** File name and content type of an export made at `at`. */
export function exportFileName(format: UsersExportFormat, at: number): { fileName: string; contentType: string } {
  const stamp = new Date(at).toISOString().slice(0, 19).replaceAll(':', '-');
  return format === 'csv'
    ? { fileName: `users-${stamp}.csv`, contentType: 'text/csv; charset=utf-8' }
    : { fileName: `users-${stamp}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8' };
}

import { USER_COLUMNS, type UserRow } from '../../../../shared/user';

const csvCell = (value: string | null) => {
  if (value === null) return '';
  // Quote when needed, and defuse spreadsheet formulas (a value starting with = + - @ is prefixed with ').
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Users as CSV: a header with the twelve columns, one line per user. */
export function usersToCsv(rows: readonly UserRow[]): string {
  const lines = [USER_COLUMNS.join(',')];
  for (const row of rows) lines.push(USER_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Users as a pretty JSON array. */
export function usersToJson(rows: readonly UserRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** Offers `text` as a file download. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

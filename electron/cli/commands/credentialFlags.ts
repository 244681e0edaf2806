import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringFlag, UsageError, type CliValues } from '../command';

/** Where a server's USER:PASSWORD list may come from: `--<flag>` (repeatable), `--<flag>-file PATH`, or `env`. */
export interface CredentialSource {
  /** e.g. `kafka-sasl`: `--kafka-sasl USER:PASSWORD` and `--kafka-sasl-file PATH`. */
  flag: string;
  /** e.g. `USERSTREAM_KAFKA_SASL`: USER:PASSWORD, one per line; read only when neither flag is given. */
  env: string;
}

/** The two options of a credential source, for a command's `options`. */
export function credentialOptions(flag: string) {
  return {
    [flag]: { type: 'string', multiple: true },
    [`${flag}-file`]: { type: 'string' },
  } as const;
}

/** The `--help` lines of the file and variable sources. */
export function credentialFlagsUsage(source: CredentialSource): string[] {
  return [
    `--${source.flag}-file PATH  the same from a file, one USER:PASSWORD per line (kept out of ps)`,
    `                   or ${source.env}=USER:PASSWORD in the environment when neither flag is given`,
  ];
}

/** `USER:PASSWORD` → [user, password]; the user name ends at the first colon, so a password may contain colons. */
function splitEntry(entry: string, where: string): [string, string] {
  const colon = entry.indexOf(':');
  if (colon < 1 || colon === entry.length - 1)
    // Never echo the entry: it may be a password typed without its user name.
    throw new UsageError(`${where} expects USER:PASSWORD, got an entry without a user name or a password`);
  return [entry.slice(0, colon), entry.slice(colon + 1)];
}

/** Lines of a file or variable: blank lines and `#` comments skipped, surrounding whitespace and CR trimmed. */
const entriesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));

/**
 * The users a server accepts, from the command line, a file, or the environment, so a password need not appear in
 * `ps` output: `--flag USER:PASSWORD` (repeatable) and `--flag-file PATH` (one USER:PASSWORD per line) together; the
 * variable only when neither flag is given. Undefined when none is given.
 */
export function credentialsFrom(
  values: CliValues,
  env: Readonly<Record<string, string | undefined>>,
  source: CredentialSource,
): Record<string, string> | undefined {
  const found: [string, string][] = [];
  const raw = values[source.flag];
  for (const entry of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
    found.push(splitEntry(String(entry), `--${source.flag}`));
  const file = stringFlag(values, `${source.flag}-file`);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (error) {
      throw new UsageError(
        `--${source.flag}-file: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    const lines = entriesOf(text);
    if (lines.length === 0) throw new UsageError(`--${source.flag}-file: "${file}" holds no USER:PASSWORD line`);
    for (const line of lines) found.push(splitEntry(line, `--${source.flag}-file`));
  }
  if (found.length === 0 && env[source.env]?.trim())
    for (const line of entriesOf(env[source.env] ?? '')) found.push(splitEntry(line, source.env));
  return found.length > 0 ? Object.fromEntries(found) : undefined;
}

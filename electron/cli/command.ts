import type { ParseArgsConfig } from 'node:util';
import type { BuiltEntries } from '../backend/builtEntries';

/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: commands drain and return 0. */
  signal: AbortSignal;
  /** The built code of the processes a command starts (out/main/); absent when the CLI runs from source (tests). */
  entries?: BuiltEntries;
}

/** Parsed flags, as node:util parseArgs returns them. */
export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One `userstream <name>` subcommand. A command module imports only what parsing its flags needs and loads the rest
 * inside `run`, so `userstream --help` starts without loading the pipeline, the stack or their dependencies.
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Flag lines for `--help`, one per flag. */
  usage: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: CliValues, io: CliIo): Promise<number>;
}

/** A mistake in how the command was called: exit code 2 with a one-line message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads a `--flag N` integer within bounds, or throws a UsageError naming the flag. */
export function intFlag(
  values: CliValues,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} expects a whole number from ${min} to ${max}, got "${String(raw)}"`);
  }
  return n;
}

/** Reads a `--flag X` number (fractions allowed) within bounds. */
export function numberFlag(values: CliValues, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} expects a number from ${min} to ${max}, got "${String(raw)}"`);
  }
  return n;
}

/** Reads a string flag or returns undefined. */
export function stringFlag(values: CliValues, name: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : undefined;
}

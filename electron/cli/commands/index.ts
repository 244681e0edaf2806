import type { CliCommand } from '../command';

/** Every `userstream` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];

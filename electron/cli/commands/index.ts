import type { CliCommand } from '../command';
import { devstackCommand } from './devstack';
import { produceCommand } from './produce';
import { runCommand } from './run';
import { webCommand } from './web';

/** Every `userstream` subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [runCommand, produceCommand, webCommand, devstackCommand];

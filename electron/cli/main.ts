import { parseArgs } from 'node:util';
import { COMMANDS } from './commands';
import { UsageError, type CliCommand, type CliIo } from './command';

const VERSION = '0.1.0';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'userstream: see and steer a users_created Kafka → Cassandra ingestion stream',
    '',
    'Usage: userstream <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "userstream <command> --help" for its flags. Exit codes: 0 success, 1 runtime failure, 2 usage error.',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return [
    `Usage: userstream ${command.name} [flags]`,
    '',
    command.summary,
    '',
    'Flags:',
    ...command.usage.map((l) => `  ${l}`),
  ].join('\n');
}

/** Turns the signals into one AbortSignal; a second signal exits at once. */
function signalController(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const signals = io?.signal ? null : signalController();
  const fullIo: CliIo = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    env: io?.env ?? process.env,
    signal: io?.signal ?? signals!.signal,
    ...(io?.entries ? { entries: io.entries } : {}),
  };
  const say = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      say(fullIo.stdout, helpText());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      say(fullIo.stdout, VERSION);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}" (try: ${COMMANDS.map((c) => c.name).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      say(fullIo.stdout, commandHelp(command));
      return 0;
    }
    let values;
    try {
      ({ values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
    }
    return await command.run(values, fullIo);
  } catch (error) {
    if (error instanceof UsageError) {
      say(fullIo.stderr, `userstream: ${error.message}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    say(fullIo.stderr, `userstream: ${message.split('\n')[0]}`);
    return 1;
  } finally {
    signals?.dispose();
  }
}

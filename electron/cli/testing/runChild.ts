// `userstream run` in a child process, the way the CLI's main runs it (flags parsed strictly, signals → abort), for
// tests that kill it. Reads its --json metrics lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUN_TS = pathToFileURL(join(import.meta.dirname, '..', 'commands', 'run.ts')).href;
const CHILD = `
const { runCommand } = await import(${JSON.stringify(RUN_TS)});
const { parseArgs } = await import('node:util');
const { values } = parseArgs({ args: process.argv.slice(1), options: runCommand.options, strict: true });
const ac = new AbortController();
process.on('SIGINT', () => ac.abort());
process.on('SIGTERM', () => ac.abort());
try {
  process.exitCode = await runCommand.run(values, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: ac.signal });
} catch (e) { process.stderr.write('userstream: ' + (e && e.message) + '\\n'); process.exitCode = 1; }
`;

/** A running `userstream run --json` child. */
export interface RunChild {
  child: ChildProcess;
  /** The highest `written.total` it has reported (its own count since it started). */
  written(): number;
  /** Metrics lines read so far. */
  lines(): number;
  exited: Promise<number | null>;
  /** Output is complete only once the pipes have closed, which can be after the process exited. */
  closed: Promise<number | null>;
  stderr(): string;
}

/** Starts `userstream run` with `args` (add --json to read its metrics). */
export function spawnRun(args: string[]): RunChild {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, '--', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KAFKA_BROKER: '', CASSANDRA_HOST: '' },
  });
  let written = 0;
  let metricLines = 0;
  let buffer = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      try {
        written = Math.max(written, (JSON.parse(line) as { written: { total: number } }).written.total);
        metricLines++;
      } catch {
        // not a metrics line
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, written: () => written, lines: () => metricLines, exited, closed, stderr: () => err };
}

// `userstream run` from the TypeScript source in a child process, read line by line: for tests that scrape its
// metrics endpoint or watch several workers share a group.
import { spawn, type ChildProcess } from 'node:child_process';
import { SOURCE_CLI_ARGS } from './sourceCli';

/** A running worker: its output so far and the address of its metrics endpoint once printed. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with `http://host:port` from the "metrics …" line (rejects if it exits first). */
  metricsUrl: Promise<string>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `userstream run <args>` (plain output, so the metrics line lands on stdout). */
export function spawnWorker(args: string[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [...SOURCE_CLI_ARGS, 'run', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KAFKA_BROKER: '', CASSANDRA_HOST: '', ...env },
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const metricsUrl = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      const m = /^metrics (http:\/\/\S+)\/metrics/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before serving metrics: ${err}`)));
  });
  metricsUrl.catch(() => undefined);
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  return { child, metricsUrl, stdout: () => out, stderr: () => err, exited };
}

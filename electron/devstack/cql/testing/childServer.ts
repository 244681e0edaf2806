// Starts testing/serverProcess.ts as a child process and waits for its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { devstackProcessEnv } from '../../processEnv';

export interface ChildCqlServer {
  child: ChildProcess;
  port: number;
  /** Resolves when the process has exited (after kill or a graceful stop). */
  exited: Promise<void>;
}

export async function spawnChildCqlServer(options: Record<string, unknown>, ipc = false): Promise<ChildCqlServer> {
  const script = fileURLToPath(new URL('./serverProcess.ts', import.meta.url));
  // CQL_SERVER_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server child: NODE_OPTIONS
  // does not accept --cpu-prof.
  const flags = (process.env.CQL_SERVER_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script, JSON.stringify(options)], {
    stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    // As devstackHost runs the stack, so the benchmarks measure what the app runs.
    env: devstackProcessEnv(),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`CQL server process exited with ${code} before listening`)));
  });
  return { child, port, exited };
}

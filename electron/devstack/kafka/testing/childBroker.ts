// Starts testing/brokerProcess.ts as a child process and waits for its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { devstackProcessEnv } from '../../processEnv';

export interface ChildBroker {
  child: ChildProcess;
  port: number;
}

export async function spawnChildBroker(options: Record<string, unknown>, ipc = false): Promise<ChildBroker> {
  const script = fileURLToPath(new URL('./brokerProcess.ts', import.meta.url));
  // KAFKA_BROKER_CHILD_NODE_FLAGS passes extra node flags to the child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraFlags = process.env.KAFKA_BROKER_CHILD_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extraFlags, '--import', 'tsx', script, JSON.stringify(options)], {
    stdio: ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    // As devstackHost runs the stack, so the benchmarks measure what the app runs.
    env: devstackProcessEnv(),
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`broker process exited with ${code} before listening`)));
  });
  return { child, port };
}

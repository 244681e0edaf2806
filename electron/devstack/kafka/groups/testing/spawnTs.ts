// Spawns one of the scripts beside this file under tsx and resolves with its first JSON stdout line.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function spawnScript<T>(
  script: 'consumerProcess.ts',
  options: Record<string, unknown>,
): Promise<{ child: ChildProcess; first: T; lines: T[] }> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: T[] = [];
  const first = await new Promise<T>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const parts = text.split('\n');
      text = parts.pop() ?? '';
      for (const line of parts.filter((l) => l.startsWith('{'))) {
        lines.push(JSON.parse(line) as T);
        if (lines.length === 1) resolve(lines[0] as T);
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before its first line`)));
  });
  return { child, first, lines };
}

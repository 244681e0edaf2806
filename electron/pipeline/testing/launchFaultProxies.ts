// Starts fault proxies in a child process (faultProxyProcess.ts) and steers them over IPC.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaultConditions, FaultProxyOptions } from './faultProxy';
import type { FaultProxyAnswer, FaultProxyCommand } from './faultProxyCommands';

type Stats = Extract<FaultProxyAnswer, { ok: true }>;

/** One proxy of the child, steered from the parent; every call resolves once the child applied it. */
export interface RemoteFaultProxy {
  address: string;
  host: string;
  port: number;
  set(options: FaultConditions & { target?: string }): Promise<Stats>;
  reset(): Promise<Stats>;
  stall(on: boolean): Promise<Stats>;
  stats(): Promise<Stats>;
}

export interface LaunchedFaultProxies {
  proxies: RemoteFaultProxy[];
  pid: number;
  /** Ends the child (and so every proxy in it). Idempotent. */
  close(): Promise<void>;
}

function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/loader.mjs')).href;
}

/** Starts one child process running a proxy per entry of `options`, in order, and waits until all listen. */
export async function launchFaultProxies(options: FaultProxyOptions[]): Promise<LaunchedFaultProxies> {
  const script = fileURLToPath(new URL('./faultProxyProcess.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', tsxLoader(), script, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = await new Promise<{ address: string; host: string; port: number }[]>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { proxies: { address: string; host: string; port: number }[] }).proxies);
    });
    void exited.then((code) => reject(new Error(`fault proxy process exited (code ${code}): ${stderr.trim()}`)));
  });

  let nextId = 0;
  const waiting = new Map<number, { resolve(a: Stats): void; reject(e: Error): void }>();
  child.on('message', (message: FaultProxyAnswer) => {
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.ok) pending.resolve(message);
    else pending.reject(new Error(`fault proxy: ${message.error}`));
  });
  void exited.then(() => {
    for (const p of waiting.values()) p.reject(new Error('fault proxy process exited'));
    waiting.clear();
  });
  type Body = FaultProxyCommand extends infer C ? (C extends unknown ? Omit<C, 'id' | 'index'> : never) : never;
  const send = (index: number, body: Body): Promise<Stats> =>
    new Promise<Stats>((resolve, reject) => {
      if (!child.connected) return reject(new Error('fault proxy process is gone'));
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ ...body, id, index });
    });

  let closing: Promise<void> | undefined;
  return {
    pid: child.pid!,
    proxies: listening.map((l, index) => ({
      ...l,
      set: (o) => send(index, { cmd: 'set', options: o }),
      reset: () => send(index, { cmd: 'reset' }),
      stall: (on) => send(index, { cmd: 'stall', on }),
      stats: () => send(index, { cmd: 'stats' }),
    })),
    close() {
      closing ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (child.connected) child.send('close');
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

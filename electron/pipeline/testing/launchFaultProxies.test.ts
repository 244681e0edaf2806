// Fault proxies in a child process: listening addresses, commands over IPC and stdin, and exit with the parent.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dial, startEcho } from './echoServer';
import { launchFaultProxies } from './launchFaultProxies';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('launchFaultProxies', () => {
  it('runs proxies in a child and steers them: latency, stall, stats, a target set later', async () => {
    const echo = await startEcho();
    cleanups.push(() => echo.close());
    const launched = await launchFaultProxies([{ target: echo.address, latencyMs: 20 }, {}]);
    cleanups.push(() => launched.close());
    expect(launched.proxies).toHaveLength(2);
    const [first, second] = launched.proxies;

    const client = await dial(first!.address);
    const t0 = performance.now();
    client.socket.write('one');
    await expect.poll(() => client.data().toString()).toBe('one');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);

    await first!.stall(true);
    client.socket.write('two');
    await expect.poll(async () => (await first!.stats()).stats.bytes.up.received).toBe(6);
    expect(echo.received()).toBe(3);
    const stats = await first!.stall(false);
    expect(stats.connections).toBe(1);
    await expect.poll(() => client.data().toString()).toBe('onetwo');

    // The second proxy had no target: it forwards once it is given one.
    await second!.set({ target: echo.address });
    const other = await dial(second!.address);
    other.socket.write('three');
    await expect.poll(() => other.data().toString()).toBe('three');
    await expect(second!.set({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);

    await launched.close();
    await expect.poll(() => client.closed()).toBe(true);
    await launched.close();
  });

  it('takes JSON lines on stdin and exits when stdin ends (no IPC); exits on disconnect (IPC)', async () => {
    const echo = await startEcho();
    cleanups.push(() => echo.close());
    const script = fileURLToPath(new URL('./faultProxyProcess.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify([{ target: echo.address }])], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    cleanups.push(async () => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => out.includes('"proxies"'), { timeout: 30_000 }).toBe(true);
    child.stdin.write(`${JSON.stringify({ id: 7, index: 0, cmd: 'stall', on: true })}\n`);
    child.stdin.write('not json\n');
    await expect.poll(() => out.trim().split('\n').length).toBe(3);
    const [, answer, refusal] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: number; ok: boolean });
    expect(answer).toMatchObject({ id: 7, ok: true });
    expect(refusal).toMatchObject({ ok: false });
    child.stdin.end();
    expect(await exited).toBe(0);

    const ipc = spawn(process.execPath, ['--import', 'tsx', script, '[{}]'], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    cleanups.push(async () => void ipc.kill('SIGKILL'));
    const ipcExited = new Promise<number | null>((resolve) => ipc.once('exit', resolve));
    let ready = false;
    ipc.stdout!.on('data', () => (ready = true));
    await expect.poll(() => ready, { timeout: 30_000 }).toBe(true);
    ipc.disconnect();
    expect(await ipcExited).toBe(0);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApi, createWsTransport, WIRE_MAX_BYTES, type Api, type WebSocketLike } from '../../shared/ipc';
import { SOURCE_CLI_ARGS } from '../cli/testing/sourceCli';
import { CLOSED_PORT } from '../devstack/testing/ports';
import { fuzzFrame, type FuzzFrame } from './testing/fuzzFrames';
import { KNOWN_BAD_FRAMES } from './testing/knownBadFrames';

const ROOT = join(import.meta.dirname, '../..');
const CLI = SOURCE_CLI_ARGS;
const built = existsSync(join(ROOT, 'out/renderer/index.html'));
/** Frames in all, over FUZZ_SOCKETS sockets, BATCH at a time each (sent without awaiting, then all answers awaited). */
const FRAMES = Number(process.env.USERSTREAM_FUZZ_FRAMES ?? 100_000);
const FUZZ_SOCKETS = 4;
const BATCH = 250;
const SEED = Number(process.env.USERSTREAM_FUZZ_SEED ?? Date.now() % 1_000_000);

type Answer = { id?: unknown; result?: unknown; error?: unknown; events?: unknown };

const isIpcError = (e: unknown): boolean => {
  const x = e as { code?: unknown; message?: unknown; retriable?: unknown } | null;
  return !!x && typeof x.code === 'string' && typeof x.message === 'string' && typeof x.retriable === 'boolean';
};
/** An answer as the contract defines it: `{ id, result }` with a result or an error, or an `{ error }` frame. */
const wellFormed = (m: Answer): boolean => {
  if ('error' in m) return Object.keys(m).length === 1 && isIpcError(m.error);
  const result = m.result as { ok?: unknown; value?: unknown; error?: unknown } | undefined;
  return (
    typeof m.id === 'number' && !!result && (result.ok === true || (result.ok === false && isIpcError(result.error)))
  );
};

let child: ChildProcess;
let stderr = '';
let address = '';
let token = '';
let dataDir = '';

function openSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${address}/api?token=${token}`, { origin: `http://${address}` });
  return new Promise((ready, fail) => {
    ws.once('open', () => ready(ws));
    ws.once('error', fail);
  });
}

/** A socket whose answers are counted and checked as they come; `settled(n)` resolves once n answers arrived. */
async function answeringSocket() {
  const ws = await openSocket();
  const answers: Answer[] = [];
  const malformed: string[] = [];
  let waiter: { n: number; done: () => void } | null = null;
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as Answer;
    if ('events' in m) return;
    if (!wellFormed(m)) malformed.push(data.toString().slice(0, 300));
    answers.push(m);
    if (waiter && answers.length >= waiter.n) waiter.done();
  });
  const closed = once(ws, 'close').then(([code]) => code as number);
  return {
    ws,
    answers,
    malformed,
    send: (frame: FuzzFrame) => ws.send('text' in frame ? frame.text : frame.binary, { binary: !('text' in frame) }),
    settled: (n: number) =>
      Promise.race([
        new Promise<void>((done) => (answers.length >= n ? done() : (waiter = { n, done }))),
        closed.then((code) => {
          throw new Error(`the host closed a fuzz socket (${code}) after ${answers.length} of ${n} answers`);
        }),
      ]),
  };
}

function client(): { api: Api; close(): void } {
  const transport = createWsTransport({
    url: `ws://${address}/api?token=${token}`,
    createSocket: (url) => new WebSocket(url, { origin: `http://${address}` }) as unknown as WebSocketLike,
  });
  return { api: buildApi(transport), close: () => transport.close() };
}

/** What a well-behaved renderer asks, checked answer by answer, until stopped. */
function wellBehavedClient() {
  const { api, close } = client();
  const wrong: string[] = [];
  let answered = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const info = await api.app.info();
      if (!(info.ok && info.value.host === 'web')) wrong.push(`app.info: ${JSON.stringify(info)}`);
      const status = await api.pipeline.status();
      if (!(status.ok && typeof status.value.state === 'string')) wrong.push(`status: ${JSON.stringify(status)}`);
      const bad = await api.users.page({ pageSize: 0, pageState: null });
      if (bad.ok || bad.error.code !== 'invalid_request' || !/pageSize/.test(bad.error.message))
        wrong.push(`users.page(0): ${JSON.stringify(bad)}`);
      answered += 3;
      // Paced like a UI, not a flood: the flood is the fuzzer's job.
      await new Promise((next) => setTimeout(next, 25));
    }
  })();
  return {
    wrong,
    answered: () => answered,
    async stop() {
      stop = true;
      await loop;
      close();
    },
  };
}

// `userstream web` as users run it (the real core in its worker thread), pointed at a closed port so no cluster work
// competes with the frames. Needs the built renderer: npm test builds it before vitest runs.
describe.skipIf(!built)('userstream web under hostile frames', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'us-fuzz-'));
    child = spawn(process.execPath, [...CLI, 'web', '--data-dir', dataDir, '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        KAFKA_BROKER: `127.0.0.1:${CLOSED_PORT}`,
        CASSANDRA_HOST: `127.0.0.1:${CLOSED_PORT}`,
      },
    });
    let out = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((ready, fail) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/#token=\S+/.test(out)) ready();
      });
      child.once('exit', (code) => fail(new Error(`userstream web exited (${code}) before serving: ${stderr}`)));
    });
    const url = new URL(/(http:\/\/\S+)/.exec(out)![1]!);
    address = url.host;
    token = url.hash.slice('#token='.length);
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'close');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${FRAMES} random and mutated frames as data while a well-behaved client is served`, async () => {
    const good = wellBehavedClient();
    await expect.poll(() => good.answered()).toBeGreaterThan(0);
    const sockets = await Promise.all(Array.from({ length: FUZZ_SOCKETS }, answeringSocket));
    const perSocket = Math.ceil(FRAMES / FUZZ_SOCKETS);
    let sent = 0;
    await Promise.all(
      sockets.map(async (socket, s) => {
        let sentHere = 0;
        for (let batch = 0; sentHere < perSocket; batch++) {
          const n = Math.min(BATCH, perSocket - sentHere);
          const frames = fc.sample(fuzzFrame, { numRuns: n, seed: SEED + s * 100_000 + batch });
          for (const frame of frames) socket.send(frame);
          sentHere += n;
          sent += n;
          await socket.settled(sentHere);
        }
      }),
    );
    const settledGood = good.answered();
    await good.stop();
    const answers = sockets.reduce((sum, s) => sum + s.answers.length, 0);
    expect(sent, `seed ${SEED}`).toBeGreaterThanOrEqual(FRAMES);
    expect(answers, `seed ${SEED}`).toBe(sent);
    expect(sockets.flatMap((s) => s.malformed).slice(0, 5), `seed ${SEED}`).toEqual([]);
    expect(good.wrong.slice(0, 5)).toEqual([]);
    expect(settledGood).toBeGreaterThan(3);
    for (const s of sockets) s.ws.close();
  });

  it('answers each known-bad shape with its own error, to its id when it has one', async () => {
    const socket = await answeringSocket();
    for (const bad of KNOWN_BAD_FRAMES) socket.send(bad.frame);
    await socket.settled(KNOWN_BAD_FRAMES.length);
    // Nothing here reaches the core, so the answers come back in the order sent.
    const got = socket.answers.map((a) =>
      'error' in a
        ? { id: null, code: (a.error as { code: string }).code }
        : { id: a.id, code: (a.result as { error?: { code: string } }).error?.code },
    );
    expect(got).toEqual(KNOWN_BAD_FRAMES.map((b) => ({ id: b.id, code: b.code })));
    socket.ws.close();
  });

  it('closes only the socket of a frame over the size limit (1009) or of invalid UTF-8 (1007)', async () => {
    const closeCode = async (data: Buffer, binary: boolean) => {
      const ws = await openSocket();
      const closed = once(ws, 'close');
      ws.send(data, { binary });
      return (await closed)[0] as number;
    };
    const oversized = Buffer.alloc(WIRE_MAX_BYTES + 1, 0x20);
    expect(await closeCode(oversized, false)).toBe(1009);
    expect(await closeCode(oversized, true)).toBe(1009);
    expect(await closeCode(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), false)).toBe(1007);
  });

  it('is alive at the end, answers, changed nothing, survived no uncaught error, and still stops on SIGTERM', async () => {
    expect(child.exitCode).toBeNull();
    const { api, close } = client();
    const info = await api.app.info();
    expect(info).toMatchObject({ ok: true, value: { host: 'web' } });
    const producer = await api.producer.status();
    expect(producer).toMatchObject({ ok: true, value: { running: false } });
    close();
    // No random frame was a valid settings:save: the settings file was never written.
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
    // The frames were all answered by validation; the process guard had nothing to catch.
    expect(stderr).not.toMatch(/uncaught error/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
  });
});

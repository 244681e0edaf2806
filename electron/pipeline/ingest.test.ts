import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { decodeChecked } from '../../shared/decode';
import { silentLogger } from '../../shared/logger';
import type { UserRow } from '../../shared/user';
import { createWatermarkBook } from './commitWatermark';
import { openErrorLog } from './errorLog';
import { createInFlightLimiter } from './inFlightLimiter';
import { createIngest, type IngestOptions } from './ingest';
import { createLatencyRecorder } from './latencyRecorder';
import { emptyCounters, type DeadLetterSink, type RowSink } from './types';

const good = (n: number) =>
  Buffer.from(
    JSON.stringify({ first_name: `F${n}`, last_name: 'L', username: `user${n}`, email: `u${n}@example.com` }),
  );
const message = (offset: number, value: Buffer | null): KafkaMessage =>
  ({
    offset: String(offset),
    value,
    key: null,
    timestamp: String(Date.now()),
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

async function setup(overrides: Partial<IngestOptions> = {}, sinkImpl?: (row: UserRow) => Promise<void>) {
  const rows: UserRow[] = [];
  const impl = sinkImpl ?? (async (row: UserRow) => void rows.push(row));
  const sink: RowSink = {
    write: (row, done) =>
      void impl(row).then(
        () => done(),
        (error: unknown) => done(error),
      ),
  };
  const dead: unknown[] = [];
  const deadLetter: DeadLetterSink = { send: async (record) => void dead.push(record) };
  const book = createWatermarkBook();
  const limiter = createInFlightLimiter(4);
  const errorLog = await openErrorLog({ flushDelayMs: 1 });
  const abort = new AbortController();
  const paused: number[] = [];
  const resumed: number[] = [];
  const sinkStates: boolean[] = [];
  const counters = emptyCounters();
  const options: IngestOptions = {
    decode: decodeChecked,
    maxMessageBytes: 1 << 20,
    sink,
    classifyWriteError: (e) => ((e as Error).message.startsWith('down') ? 'unavailable' : 'rejected'),
    deadLetter,
    errorLog,
    limiter,
    book,
    counters,
    latency: createLatencyRecorder(),
    errorPolicy: 'retry-forever',
    maxWriteAttempts: 3,
    isDispatching: () => true,
    signal: abort.signal,
    logger: silentLogger,
    hooks: {
      onWritten: () => undefined,
      onRejected: () => undefined,
      onSinkState: (up) => sinkStates.push(up),
      pausePartition: (_t, p) => paused.push(p),
      resumePartition: (_t, p) => resumed.push(p),
    },
    retryInitialMs: 1,
    retryMaxMs: 2,
    ...overrides,
  };
  const ingest = createIngest(options);
  const resolved: string[] = [];
  const run = (messages: KafkaMessage[], partition = 0) =>
    ingest.handleBatch({
      batch: { topic: 't', partition, messages },
      resolveOffset: (o) => void resolved.push(o),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    });
  return { rows, dead, book, limiter, errorLog, abort, paused, resumed, sinkStates, counters, run, resolved };
}

describe('ingest loop', () => {
  it('writes good rows, keeps bad ones (dead letter + error log), and the watermark reaches the end', async () => {
    const t = await setup();
    const messages = [message(0, good(0)), message(1, Buffer.from('{not json')), message(2, null), message(3, good(3))];
    await t.run(messages);
    await t.limiter.idle();
    expect(t.rows.map((r) => r.username)).toEqual(['user0', 'user3']);
    expect(t.dead).toHaveLength(2);
    expect(t.errorLog.list().map((r) => [r.origin.offset, r.problems[0]?.code, r.deadLettered])).toEqual([
      ['2', 'empty', true],
      ['1', 'not_json', true],
    ]);
    expect(t.book.get('t', 0).committable()).toBe(4);
    expect(t.counters).toMatchObject({ consumed: 4, written: 2, rejected: 2, deadLettered: 2 });
    expect(t.resolved).toEqual(['3']); // once per batch: the fetch position moves past what was dispatched
  });

  it('never lets the watermark pass a row that is still being written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const rows: string[] = [];
    const t = await setup({}, async (row) => {
      if (row.username === 'user1') await gate;
      rows.push(row.username!);
    });
    await t.run([0, 1, 2, 3].map((i) => message(i, good(i))));
    await vi.waitFor(() => expect(rows).toEqual(['user0', 'user2', 'user3']), { timeout: 5_000 });
    await vi.waitFor(() => expect(t.counters.written).toBe(3), { timeout: 5_000 });
    expect(t.book.get('t', 0).committable()).toBe(1); // rows 2 and 3 are stored, yet the commit stops at row 1
    release();
    await t.limiter.idle();
    expect(t.book.get('t', 0).committable()).toBe(4);
  });

  it('bounds in-flight writes: the batch waits for a slot (backpressure)', async () => {
    let inside = 0;
    let most = 0;
    const t = await setup({}, async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 2));
      inside--;
    });
    await t.run(Array.from({ length: 50 }, (_, i) => message(i, good(i))));
    await t.limiter.idle();
    expect(most).toBe(4);
    expect(t.book.get('t', 0).committable()).toBe(50);
  });

  it('retry-forever: a refused row pauses its partition, is retried, and nothing after it commits until it lands', async () => {
    let failures = 3;
    const t = await setup({}, async (row) => {
      if (row.username === 'user1' && failures-- > 0) throw new Error('refused');
    });
    await t.run([0, 1, 2].map((i) => message(i, good(i))));
    await t.limiter.idle();
    expect(t.paused).toEqual([0]);
    expect(t.resumed).toEqual([0]);
    expect(t.dead).toEqual([]);
    expect(t.book.get('t', 0).committable()).toBe(3);
  });

  it('dead-letter policy: gives up after maxWriteAttempts with a write_failed record', async () => {
    const t = await setup({ errorPolicy: 'dead-letter' }, async (row) => {
      if (row.username === 'user1') throw new Error('refused');
    });
    await t.run([0, 1, 2].map((i) => message(i, good(i))));
    await t.limiter.idle();
    const [record] = t.errorLog.list();
    expect(record?.kind).toBe('write');
    expect(record?.problems[0]?.code).toBe('write_failed');
    expect(t.book.get('t', 0).committable()).toBe(3);
  });

  it('an unavailable cluster never dead-letters: it reports the sink down, retries, then up', async () => {
    let failures = 5;
    const t = await setup({ errorPolicy: 'dead-letter' }, async () => {
      if (failures-- > 0) throw new Error('down: no host');
    });
    await t.run([message(0, good(0))]);
    await t.limiter.idle();
    expect(t.dead).toEqual([]);
    expect(t.sinkStates[0]).toBe(false);
    expect(t.sinkStates.at(-1)).toBe(true);
    expect(t.book.get('t', 0).committable()).toBe(1);
  });

  it('a stop (abort) abandons retries without acknowledging: the offset stays uncommitted', async () => {
    const t = await setup({}, async () => {
      throw new Error('down: no host');
    });
    await t.run([message(0, good(0)), message(1, good(1))]);
    t.abort.abort();
    await t.limiter.idle();
    expect(t.book.get('t', 0).committable()).toBe(0);
  });
});

// The floor under the broker's CPU figure (issue #3): what a plain Node process on this machine spends to receive
// 700-byte messages over loopback TCP and append them to a file (the produce half), then read them back and send them
// (the fetch half), with no protocol at all: no framing, no CRC, no requests. The broker cannot go below this; the
// gap between the two is what the Kafka protocol costs us. The server runs in a child with the same environment as
// the embedded stack (electron/devstack/processEnv.ts). Run: npx tsx bench/socketFloor.bench.ts [--messages N] [--runs N (5)]
import { fork } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devstackProcessEnv } from '../electron/devstack/processEnv';

const MESSAGE_BYTES = 700;
const PER_REQUEST = 500; // as bench/kafkaBroker.bench.ts: 500 messages per produce request
const READ_BYTES = 1024 * 1024; // kafkajs asks for 1 MiB per partition per fetch
const REQUEST_BYTES = MESSAGE_BYTES * PER_REQUEST;

type ToChild = { type: 'cpu' };
type FromChild = { type: 'listening'; port: number } | { type: 'cpu'; micros: number; received: number };

function serve(): void {
  const dir = mkdtempSync(join(tmpdir(), 'socket-floor-'));
  const fd = openSync(join(dir, 'log'), 'w+');
  let size = 0;
  const server = createServer((socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      if (first[0] === 0x50 /* P: producer */ || first[0] === 0x41 /* A: producer awaiting each request */) {
        const acknowledge = first[0] === 0x41;
        let sinceAck = 0;
        const append = (chunk: Buffer): void => {
          writeSync(fd, chunk, 0, chunk.length, size);
          size += chunk.length;
          sinceAck += chunk.length;
          if (acknowledge && sinceAck >= REQUEST_BYTES) {
            sinceAck -= REQUEST_BYTES;
            socket.write('k');
          }
        };
        if (first.length > 1) append(first.subarray(1));
        socket.on('data', append);
        return;
      }
      // C: consumer. Reads the file in 1 MiB windows into one reused buffer, each sent once the last was written.
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      let at = 0;
      const next = (): void => {
        if (at >= size) return void socket.end();
        const n = readSync(fd, buffer, 0, Math.min(READ_BYTES, size - at), at);
        at += n;
        socket.write(buffer.subarray(0, n), next);
      };
      next();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.send?.({ type: 'listening', port: address.port });
  });
  process.on('message', () => {
    const usage = process.cpuUsage();
    process.send?.({ type: 'cpu', micros: usage.user + usage.system, received: size });
  });
  process.on('disconnect', () => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(messages: number): Promise<FloorResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: devstackProcessEnv(),
    execArgv: ['--import', 'tsx'],
  });
  const nextMessage = () => new Promise<FromChild>((resolve) => child.once('message', (m) => resolve(m as FromChild)));
  const listening = await nextMessage();
  if (listening.type !== 'listening') throw new Error('child did not listen');
  const cpu = async () => {
    const answer = nextMessage();
    child.send({ type: 'cpu' } satisfies ToChild);
    const m = await answer;
    if (m.type !== 'cpu') throw new Error('unexpected message');
    return m;
  };
  const request = Buffer.alloc(REQUEST_BYTES, 'x');
  const total = Math.ceil(messages / PER_REQUEST) * request.length;

  const producer = connect(listening.port, '127.0.0.1');
  await new Promise((resolve) => producer.once('connect', resolve));
  producer.write('P');
  const before = await cpu();
  for (let sent = 0; sent < total; sent += request.length)
    if (!producer.write(request)) await new Promise((resolve) => producer.once('drain', resolve));
  // The child answers in order, so once it reports every byte received the produce half is done.
  let produced = await cpu();
  while (produced.received < total) produced = await cpu();

  const consumer = connect(listening.port, '127.0.0.1');
  await new Promise((resolve) => consumer.once('connect', resolve));
  consumer.write('C');
  let got = 0;
  consumer.on('data', (chunk: Buffer) => (got += chunk.length));
  await new Promise((resolve) => consumer.once('end', resolve));
  const after = await cpu();
  producer.destroy();

  // The same produce half paced as the broker bench's kafkajs producer is: one request at a time, each sent once the
  // previous one was acknowledged, so the server goes idle and wakes up for every request.
  const paced = connect(listening.port, '127.0.0.1');
  await new Promise((resolve) => paced.once('connect', resolve));
  paced.write('A');
  const pacedBefore = await cpu();
  for (let sent = 0; sent < total; sent += request.length) {
    const acknowledged = new Promise((resolve) => paced.once('data', resolve));
    paced.write(request);
    await acknowledged;
  }
  const pacedAfter = await cpu();
  paced.destroy();
  child.disconnect();

  const count = total / MESSAGE_BYTES;
  const produceMicros = (produced.micros - before.micros) / count;
  const fetchMicros = (after.micros - produced.micros) / count;
  const result: FloorResult = {
    name: 'socket-floor',
    messages: count,
    messageBytes: MESSAGE_BYTES,
    bytesBack: got,
    produceMicrosPerMessage: Number(produceMicros.toFixed(3)),
    fetchMicrosPerMessage: Number(fetchMicros.toFixed(3)),
    pacedProduceMicrosPerMessage: Number(((pacedAfter.micros - pacedBefore.micros) / count).toFixed(3)),
    totalMicrosPerMessage: Number((produceMicros + fetchMicros).toFixed(3)),
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
    node: process.version,
    at: new Date().toISOString(),
  };
  return result;
}

type FloorResult = {
  name: string;
  messages: number;
  messageBytes: number;
  bytesBack: number;
  produceMicrosPerMessage: number;
  fetchMicrosPerMessage: number;
  /** Receive + append with one request in flight at a time (acknowledged before the next is sent). */
  pacedProduceMicrosPerMessage: number;
  totalMicrosPerMessage: number;
  loadAverage1m: number;
  node: string;
  at: string;
};

const describe = (r: FloorResult) =>
  `socket floor: ${r.totalMicrosPerMessage} µs of server CPU per ${MESSAGE_BYTES}-byte message (receive + append ${r.produceMicrosPerMessage}, read + send ${r.fetchMicrosPerMessage}; receive + append one request at a time ${r.pacedProduceMicrosPerMessage}) over ${r.messages} messages, no protocol; load average ${r.loadAverage1m}`;

/** Runs `count` times (a fresh server each) and writes the median run, as bench/kafkaBroker.bench.ts does. */
async function measureRuns(messages: number, count: number): Promise<void> {
  const runs: FloorResult[] = [];
  for (let i = 0; i < count; i++) {
    runs.push(await measure(messages));
    console.log(`run ${i + 1}/${count}: ${describe(runs[i] as FloorResult)}`);
  }
  const sorted = [...runs].sort((a, b) => a.totalMicrosPerMessage - b.totalMicrosPerMessage);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as FloorResult;
  console.log(
    `median of ${count}: ${median.totalMicrosPerMessage} µs (range ${sorted[0]?.totalMicrosPerMessage}–${sorted[sorted.length - 1]?.totalMicrosPerMessage}); ${describe(median)}`,
  );
  const result = { ...median, runs: runs.map((r) => ({ total: r.totalMicrosPerMessage, at: r.at })) };
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'socket-floor.json'), JSON.stringify(result, null, 2) + '\n');
}

const args = process.argv.slice(2);
if (args.includes('--serve')) serve();
else
  await measureRuns(
    Number(args[args.indexOf('--messages') + 1] ?? 0) || 100_000,
    Number(args[args.indexOf('--runs') + 1] ?? 0) || 5,
  );

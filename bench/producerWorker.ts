// A steady producer in its own process (for the latency and whole-stack runs): sends pre-generated seed-format users at
// a fixed rate in 10 ms slices, cycling through them, and reports how many it sent. Started by pipeline.bench.ts.
import { Kafka, logLevel } from 'kafkajs';
import { makeMessages } from '../electron/pipeline/testing/fixtures';

const { brokers, topic, rate, distinct } = JSON.parse(process.argv[2] ?? '{}') as {
  brokers: string;
  topic: string;
  rate: number;
  distinct: number;
};
const values = makeMessages(distinct, 0, 5).good.map((value) => ({ value }));
const producer = new Kafka({ brokers: [brokers], clientId: 'bench-producer', logLevel: logLevel.NOTHING }).producer();
await producer.connect();
let sent = 0;
let next = 0;
let stopped = false;
const started = performance.now();
process.send?.({ ready: true });
const inFlight = new Set<Promise<unknown>>();
process.on('message', (m) => void (m === 'stop' && (stopped = true)));
process.on('disconnect', () => process.exit(0));
const reporter = setInterval(() => process.send?.({ sent }), 100);
while (!stopped) {
  // Whatever the rate says is due by now, in sends of at most 1000 (several in flight, as a real producer would).
  const due = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
  if (due > 0 && inFlight.size < 8) {
    const n = Math.min(due, 1000);
    const messages = [];
    for (let i = 0; i < n; i++) messages.push(values[next++ % values.length]!);
    sent += n;
    const p = producer.send({ topic, acks: 1, messages }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  } else await new Promise((r) => setTimeout(r, 5));
}
await Promise.allSettled(inFlight);
clearInterval(reporter);
process.send?.({ sent, done: true });
await producer.disconnect();
process.exit(0);

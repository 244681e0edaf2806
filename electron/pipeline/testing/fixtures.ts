// Helpers for the pipeline's integration tests: real TCP against the embedded stack, real kafkajs and cassandra-driver.
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type IHeaders, type SASLOptions } from 'kafkajs';
import { decodeChecked } from '../../../shared/decode';
import { createUserGenerator } from '../../../shared/generate';
import { parseSettings, type Settings } from '../../../shared/settings';

let counter = 0;

/** Settings pointing at the stack with a topic, group and keyspace of the test's own. */
export function testSettings(kafka: string, cql: string, overrides: Record<string, unknown> = {}): Settings {
  counter++;
  const id = `${process.pid}_${counter}_${Math.floor(Math.random() * 1e6)}`;
  const base = {
    kafka: { brokers: [kafka], topic: `users_${id}`, groupId: `group_${id}` },
    cassandra: { contactPoints: [cql], keyspace: `ks_${id}` },
    pipeline: { deadLetterTopic: `users_${id}.dlq`, metricsIntervalMs: 250 },
  };
  const merged = {
    kafka: { ...base.kafka, ...((overrides.kafka as object) ?? {}) },
    cassandra: { ...base.cassandra, ...((overrides.cassandra as object) ?? {}) },
    pipeline: { ...base.pipeline, ...((overrides.pipeline as object) ?? {}) },
  };
  const parsed = parseSettings(merged);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** Messages from the shared generator: `good` good ones and `bad` bad ones, with the ids the good ones decode to. */
export function makeMessages(good: number, bad: number, seed = 7): { good: string[]; bad: string[]; ids: Set<string> } {
  const goodGen = createUserGenerator({ seed, badRatio: 0 });
  const badGen = createUserGenerator({ seed: seed + 1, badRatio: 1 });
  const goodValues = Array.from({ length: good }, () => goodGen.next().value);
  const badValues = Array.from({ length: bad }, () => badGen.next().value);
  const ids = new Set<string>();
  for (const v of goodValues) {
    const r = decodeChecked(Buffer.from(v), 1 << 20);
    if (!r.ok) throw new Error(`generator made a bad "good" message: ${v}`);
    ids.add(r.row.id);
  }
  return { good: goodValues, bad: badValues, ids };
}

/** A test client; `sasl` and `ssl` are copied, as kafkajs keeps state on the object it is given. */
export function kafkaFor(brokers: string, sasl?: SASLOptions, ssl?: ConnectionOptions): Kafka {
  return new Kafka({
    brokers: [brokers],
    clientId: 'test',
    logLevel: logLevel.NOTHING,
    ...(sasl ? { sasl: { ...sasl } } : {}),
    ...(ssl ? { ssl: { ...ssl } } : {}),
  });
}

/** Produces values in batches of 1000 (keyless, like the seed). */
export async function produceValues(
  brokers: string,
  topic: string,
  values: string[],
  sasl?: SASLOptions,
  ssl?: ConnectionOptions,
): Promise<void> {
  const producer = kafkaFor(brokers, sasl, ssl).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 1000) {
      await producer.send({ topic, acks: -1, messages: values.slice(i, i + 1000).map((value) => ({ value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads `expected` messages from a topic from the beginning with a throw-away group. */
export async function readTopic(
  brokers: string,
  topic: string,
  expected: number,
  timeoutMs = 30_000,
  sasl?: SASLOptions,
  ssl?: ConnectionOptions,
) {
  const consumer = kafkaFor(brokers, sasl, ssl).consumer({ groupId: `reader_${Math.random()}`, maxWaitTimeInMs: 200 });
  const out: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? ({} as IHeaders))) headers[k] = String(v);
      out.push({ value: message.value?.toString() ?? '', headers });
    },
  });
  const started = Date.now();
  while (out.length < expected && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  return out;
}

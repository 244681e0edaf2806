import type { Kafka, Producer } from 'kafkajs';
import { createUserGenerator, type UserMessageFormat } from '../../shared/generate';
import type { Logger } from '../../shared/logger';

export interface DemoProducerRun {
  ratePerSecond: number;
  badRatio: number;
  /** Stop after this many messages; omit to run until stopped. */
  count?: number;
  seed?: number;
  format?: UserMessageFormat;
}

export interface DemoProducerStatus {
  running: boolean;
  ratePerSecond: number;
  badRatio: number;
  sent: number;
  bad: number;
}

/** Sends synthetic users at a steady rate: `userstream produce` and the app's demo producer. */
export interface DemoProducer {
  status(): DemoProducerStatus;
  start(run: DemoProducerRun): Promise<void>;
  /** Resolves when the current run ends (count reached or stopped). */
  done(): Promise<void>;
  stop(): Promise<void>;
  onProgress(listener: (status: DemoProducerStatus) => void): () => void;
}

const TICK_MS = 50;
/** Messages per produce request at most, so one tick never builds an unbounded batch. */
const MAX_BATCH = 2_000;

export function createDemoProducer(options: { kafka: Kafka; topic: string; logger: Logger }): DemoProducer {
  const { kafka, topic, logger } = options;
  let producer: Producer | null = null;
  let state: DemoProducerStatus = { running: false, ratePerSecond: 0, badRatio: 0, sent: 0, bad: 0 };
  let loop: Promise<void> = Promise.resolve();
  let stopRequested = false;
  const listeners = new Set<(s: DemoProducerStatus) => void>();
  const report = () => listeners.forEach((l) => l({ ...state }));

  const run = async (r: DemoProducerRun) => {
    const generator = createUserGenerator({
      seed: r.seed ?? Date.now() % 1_000_000_007,
      format: r.format ?? 'seed',
      badRatio: r.badRatio,
    });
    const started = Date.now();
    let sentThisRun = 0;
    while (!stopRequested && (r.count === undefined || sentThisRun < r.count)) {
      const due = Math.floor(((Date.now() - started) / 1000) * r.ratePerSecond) - sentThisRun;
      const remaining = r.count === undefined ? Infinity : r.count - sentThisRun;
      const n = Math.min(due, MAX_BATCH, remaining);
      if (n <= 0) {
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        continue;
      }
      const messages = [];
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const m = generator.next();
        if (m.bad) bad++;
        messages.push({ key: m.key, value: m.value });
      }
      try {
        await producer!.send({ topic, messages, acks: -1 });
        sentThisRun += n;
        state = { ...state, sent: state.sent + n, bad: state.bad + bad };
        report();
      } catch (error) {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'demo producer: send failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  return {
    status: () => ({ ...state }),
    async start(r) {
      if (!(r.ratePerSecond > 0)) throw new Error('ratePerSecond must be > 0');
      if (!(r.badRatio >= 0 && r.badRatio <= 1)) throw new Error('badRatio must be within 0..1');
      if (state.running) await this.stop();
      if (!producer) {
        producer = kafka.producer({ allowAutoTopicCreation: true });
        await producer.connect();
      }
      stopRequested = false;
      state = { ...state, running: true, ratePerSecond: r.ratePerSecond, badRatio: r.badRatio };
      report();
      loop = run(r).finally(() => {
        state = { ...state, running: false };
        report();
      });
    },
    done: () => loop,
    async stop() {
      stopRequested = true;
      await loop;
      const p = producer;
      producer = null;
      await p?.disconnect().catch(() => undefined);
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

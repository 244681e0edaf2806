// Shared helpers for the broker's integration tests: a broker on port 0 and kafkajs clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaBroker, type KafkaBroker, type KafkaBrokerOptions } from '../index';

let counter = 0;

/** A name unique to this test run (topics, groups). */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'kafka-broker-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  return createKafkaBroker({ host: '127.0.0.1', port: 0, ...options });
}

export function kafkaFor(broker: { host: string; port: number }, clientId = 'broker-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [`${broker.host}:${broker.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 50 },
  });
}

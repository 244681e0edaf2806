// kafka-python 2.0 logs in with the legacy SASL flow (SaslHandshake v0, then bare tokens), which the broker serves
// next to SaslAuthenticate: produce and consume with PLAIN and both SCRAM mechanisms.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';

// Debian installs the module for the system interpreter, which a pyenv shim on PATH may hide.
const python = ['/usr/bin/python3', 'python3'].find((exe) => spawnSync(exe, ['-c', 'import kafka']).status === 0);
const script = fileURLToPath(new URL('./testing/kafkaPythonSasl.py', import.meta.url));

function runClient(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(python as string, [script, ...args], { timeout: 45_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
}

// Skipped only when no interpreter can import kafka-python (Debian package python3-kafka).
describe.skipIf(python === undefined)('kafka broker with SASL and kafka-python (legacy v0 flow)', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    // A short password makes the PLAIN token shorter than any Kafka request: it must still be accepted.
    broker = await startBroker({ sasl: { users: { al: 'pw' } } });
  });
  afterAll(async () => {
    await broker?.close();
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])(
    '%s: produces and consumes',
    async (mechanism) => {
      const topic = uniqueName(`python-sasl-${mechanism}`);
      const run = await runClient([`${broker.host}:${broker.port}`, topic, mechanism, 'al', 'pw']);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      expect(result).toEqual({ consumed: [0, 1, 2, 3, 4].map((i) => `${mechanism}-${i}`) });
    },
    60_000,
  );
});

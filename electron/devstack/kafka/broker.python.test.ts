// A third, independent client: kafka-python from Debian (python3-kafka), through admin, produce (plain and gzip)
// and consume by assignment.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';

// Debian installs the module for the system interpreter, which a pyenv shim on PATH may hide.
const python = ['/usr/bin/python3', 'python3'].find((exe) => spawnSync(exe, ['-c', 'import kafka']).status === 0);
const script = fileURLToPath(new URL('./testing/kafkaPythonClient.py', import.meta.url));

// Skipped only when no interpreter can import kafka-python (Debian package python3-kafka).
describe.skipIf(python === undefined)('kafka broker with kafka-python', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('creates, produces, consumes and deletes like kafkajs does', async () => {
    const topic = uniqueName('python');
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        python as string,
        [script, `${broker.host}:${broker.port}`, topic],
        { timeout: 45_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({
      listed: true,
      consumed: [0, 1, 2, 3, 4].map((i) => `none-${i}`).concat([0, 1, 2, 3, 4].map((i) => `gzip-${i}`)),
      endOffset: 10,
      deleted: true,
    });
  }, 60_000);
});

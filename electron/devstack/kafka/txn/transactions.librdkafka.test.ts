// librdkafka 2.0's transactional producer and read_committed consumer (Debian python3-confluent-kafka, which runs
// over the system librdkafka): init_transactions, commit, abort, send_offsets_to_transaction (AddOffsetsToTxn v0,
// TxnOffsetCommit v3) and OffsetFetch v7 with requireStable.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from '../index';
import { startBroker, uniqueName } from '../testing/fixtures';

// Debian installs the module for the system interpreter, which a pyenv shim on PATH may hide.
const python = ['/usr/bin/python3', 'python3'].find(
  (exe) => spawnSync(exe, ['-c', 'import confluent_kafka']).status === 0,
);
const script = fileURLToPath(new URL('./testing/librdkafkaTxn.py', import.meta.url));

// Skipped only when no interpreter can import confluent_kafka (Debian package python3-confluent-kafka).
describe.skipIf(python === undefined)('transactions with librdkafka (confluent-kafka)', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 1 });
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('commits, aborts and sends offsets; read_committed sees only the committed messages', async () => {
    const topic = uniqueName('librdkafka-txn');
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        python as string,
        [script, `${broker.host}:${broker.port}`, topic, uniqueName('librdkafka-group')],
        { timeout: 45_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({ committed: ['c1', 'c2'], uncommitted: ['c1', 'a1', 'c2'], offset: 7 });
  }, 60_000);
});

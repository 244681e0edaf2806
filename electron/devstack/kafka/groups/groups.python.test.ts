// A third, independent client: kafka-python (Debian python3-kafka) consuming in a group with manual commits,
// resuming after them, and reading the group back through its admin client.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startGroupBroker, uniqueName } from './testing/groupBroker';

// Debian installs the module for the system interpreter, which a pyenv shim on PATH may hide.
const python = ['/usr/bin/python3', 'python3'].find((exe) => spawnSync(exe, ['-c', 'import kafka']).status === 0);
const script = fileURLToPath(new URL('./testing/kafkaPythonGroup.py', import.meta.url));

describe.skipIf(python === undefined)('kafka-python group consumer', () => {
  it('consumes in a group, commits, resumes after the commit and sees the group through its admin', async () => {
    const broker = await startGroupBroker();
    const topic = uniqueName('python-group');
    const groupId = uniqueName('python-group');
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        python as string,
        [script, `${broker.host}:${broker.port}`, topic, groupId],
        { timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({
      first: Array.from({ length: 30 }, (_, i) => `v-${i}`).sort(),
      second: [],
      offsets: { '0': 10, '1': 10, '2': 10 },
      state: 'Empty',
      protocolType: 'consumer',
      listed: [[groupId, 'consumer']],
    });
    await broker.close();
  }, 90_000);
});

// librdkafka (Debian's kcat) as a group consumer: `kcat -G group topic` gets every message once, commits, and a
// second run in the same group resumes after them.
import { execFile, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kafkaFor, produceSequenced, startGroupBroker, uniqueName } from './testing/groupBroker';

const kcatAvailable = spawnSync('kcat', ['-V']).status === 0;

function kcatGroup(address: string, groupId: string, topic: string): Promise<{ code: number; lines: string[] }> {
  const args = ['-b', address, '-G', groupId, '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', '%p:%s\n', topic];
  return new Promise((resolve) => {
    execFile('kcat', args, { timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? 1 : 0, lines: stdout.split('\n').filter(Boolean) });
    });
  });
}

// CI installs kcat (.ci/run); without it this cannot run at all.
describe.skipIf(!kcatAvailable)('kcat group consumer', () => {
  it('consumes with -G, commits, and resumes after the committed offsets', async () => {
    const broker = await startGroupBroker();
    const address = `${broker.host}:${broker.port}`;
    const kafka = kafkaFor(broker);
    const topic = uniqueName('kcat-group');
    const groupId = uniqueName('kcat-group');
    const produced = await produceSequenced(kafka, topic, 3, 30);

    const first = await kcatGroup(address, groupId, topic);
    expect(first.code).toBe(0);
    for (let p = 0; p < 3; p++) {
      const values = first.lines.filter((l) => l.startsWith(`${p}:`)).map((l) => l.slice(l.indexOf(':') + 1));
      expect(values).toEqual(Array.from({ length: produced[p] ?? 0 }, (_, i) => `${p}:${i}`));
    }
    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets?.partitions.map((p) => p.offset)).toEqual(['10', '10', '10']);

    await produceSequenced(kafka, topic, 3, 6, produced);
    const second = await kcatGroup(address, groupId, topic);
    expect(second.code).toBe(0);
    expect(second.lines.map((l) => l.slice(l.indexOf(':') + 1)).sort()).toEqual([
      '0:10',
      '0:11',
      '1:10',
      '1:11',
      '2:10',
      '2:11',
    ]);
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Empty');
    await admin.disconnect();
    await broker.close();
  }, 60_000);
});

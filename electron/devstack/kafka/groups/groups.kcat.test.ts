// librdkafka (Debian's kcat) as a group consumer: `kcat -G group topic` gets every message once, commits, and a
// second run in the same group resumes after them.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
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

/** A long-running `kcat -G` member; `lines` fills as messages arrive. */
function kcatMember(address: string, groupId: string, topic: string) {
  const args = ['-b', address, '-G', groupId, '-X', 'auto.offset.reset=earliest', '-u', '-q', '-f', '%p:%s\n', topic];
  const child = spawn('kcat', args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines: string[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
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

  it('splits partitions between two kcat members and hands them over when one leaves', async () => {
    const broker = await startGroupBroker();
    const address = `${broker.host}:${broker.port}`;
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('kcat-pair');
    const groupId = uniqueName('kcat-pair');
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const a = kcatMember(address, groupId, topic);
    const b = kcatMember(address, groupId, topic);
    onTestFinished(() => void [a, b].forEach((m) => m.child.kill('SIGKILL')));
    const owned = async () => {
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0]?.state !== 'Stable') return [];
      return groups[0].members.map((m) =>
        [...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [])].sort(),
      );
    };
    await expect.poll(async () => (await owned()).map((p) => p.length).sort(), { timeout: 30_000 }).toEqual([2, 2]);
    expect((await owned()).flat().sort()).toEqual([0, 1, 2, 3]);

    let produced = await produceSequenced(kafka, topic, 4, 40);
    const union = () => new Set([...a.lines, ...b.lines]).size;
    await expect.poll(union, { timeout: 30_000 }).toBe(40);
    expect(a.lines.length).toBeGreaterThan(0);
    expect(b.lines.length).toBeGreaterThan(0);

    a.child.kill('SIGTERM'); // kcat leaves the group on the way out
    expect(await a.exited).toBe(0);
    await expect.poll(async () => (await owned()).map((p) => p.length), { timeout: 30_000 }).toEqual([4]);
    produced = await produceSequenced(kafka, topic, 4, 8, produced);
    await expect.poll(union, { timeout: 30_000 }).toBe(48);
    expect(b.lines.filter((l) => Number(l.split(':')[2]) >= 10)).toHaveLength(8);
    b.child.kill('SIGTERM');
    await b.exited;
    expect(produced).toEqual([12, 12, 12, 12]);
    await admin.disconnect();
    await broker.close();
  }, 90_000);
});

// Crashes: a consumer killed with SIGKILL (no LeaveGroup) is evicted after its session timeout and the survivor
// takes over its partitions; committed offsets survive kill -9 of the broker.
import { type Consumer } from 'kafkajs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawnChildBroker } from '../testing/childBroker';
import {
  fastConsumer,
  kafkaFor,
  parseSequenced,
  produceSequenced,
  startGroupBroker,
  tempDir,
  uniqueName,
} from './testing/groupBroker';
import { spawnScript } from './testing/spawnTs';

describe('kafka groups after crashes', () => {
  it('evicts a killed consumer after its session timeout and hands its partitions to the survivor', async () => {
    const broker = await startGroupBroker();
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('crash');
    const groupId = uniqueName('crash-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });

    const doomed = await spawnScript<{ assigned: number[] }>('consumerProcess.ts', {
      broker: `${broker.host}:${broker.port}`,
      groupId,
      topic,
    });
    onTestFinished(() => void doomed.child.kill('SIGKILL'));
    let survivorOwns: number[] = [];
    const received = new Set<string>();
    const survivor: Consumer = kafka.consumer({ groupId, ...fastConsumer });
    survivor.on(survivor.events.GROUP_JOIN, (e) => (survivorOwns = e.payload.memberAssignment[topic] ?? []));
    await survivor.connect();
    await survivor.subscribe({ topic, fromBeginning: true });
    await survivor.run({
      eachMessage: async (payload) => {
        const { partition, seq } = parseSequenced(payload);
        received.add(`${partition}:${seq}`);
      },
    });
    await expect.poll(() => survivorOwns.length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => doomed.lines.at(-1)?.assigned.length, { timeout: 20_000 }).toBe(2);

    doomed.child.kill('SIGKILL');
    await expect.poll(() => survivorOwns.length, { timeout: 20_000, interval: 100 }).toBe(4);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ state: 'Stable' });
    expect(groups[0]?.members).toHaveLength(1);

    const produced = await produceSequenced(kafka, topic, 4, 40);
    await expect.poll(() => received.size, { timeout: 20_000 }).toBe(40);
    expect(produced).toEqual([10, 10, 10, 10]);
    await survivor.disconnect();
    await admin.disconnect();
    await broker.close();
  }, 60_000);

  it('keeps committed offsets through kill -9 of the broker', async () => {
    const data = tempDir('kafka-groups-crash-');
    const first = await spawnChildBroker({ dataDir: data.dir });
    onTestFinished(() => void first.child.kill('SIGKILL'));
    const address = { host: '127.0.0.1', port: first.port };
    const topic = uniqueName('crash-offsets');
    const groupId = uniqueName('crash-offsets-group');
    const kafka = kafkaFor(address);
    const produced = await produceSequenced(kafka, topic, 3, 3000);
    const consumer = kafka.consumer({ groupId, ...fastConsumer });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let count = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async () => {
          if (++count === 3000) resolve();
        },
      });
    });
    await consumer.stop(); // commits everything consumed
    const admin = kafka.admin();
    await admin.connect();
    const [before] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(before?.partitions.map((p) => p.offset)).toEqual(produced.map(String));
    await admin.disconnect();
    // No disconnect, no close: the process dies with the consumer still a member.
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    await consumer.disconnect().catch(() => undefined);

    const second = await startGroupBroker({ dataDir: data.dir });
    const again = kafkaFor(second);
    const admin2 = again.admin();
    await admin2.connect();
    const [after] = await admin2.fetchOffsets({ groupId, topics: [topic] });
    expect(after?.partitions.map((p) => p.offset)).toEqual(produced.map(String));
    expect((await admin2.describeGroups([groupId])).groups[0]?.state).toBe('Empty');
    await admin2.disconnect();
    await second.close();
    data.remove();
  }, 60_000);
});

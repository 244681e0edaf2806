// kafkajs admin against the group coordinator: describeGroups, listGroups, fetchOffsets (chosen topics and all),
// resetOffsets to earliest / latest (a consumer then starts where the reset says), deleteTopics, deleteGroups.
import { AssignerProtocol, type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  fastConsumer,
  kafkaFor,
  parseSequenced,
  produceSequenced,
  startGroupBroker,
  uniqueName,
} from './testing/groupBroker';

/** Runs a consumer of `groupId` until `count` messages arrived; returns the first sequence seen per partition. */
async function consumeFirst(
  kafka: Kafka,
  groupId: string,
  topics: string[],
  count: number,
  whileRunning: () => Promise<void> = async () => undefined,
): Promise<Map<string, number>> {
  const consumer = kafka.consumer({ groupId, ...fastConsumer });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const first = new Map<string, number>();
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async (payload) => {
        const key = `${payload.topic}/${payload.partition}`;
        if (!first.has(key)) first.set(key, parseSequenced(payload).seq);
        if (++seen === count) resolve();
      },
    });
  });
  await whileRunning();
  await consumer.disconnect();
  return first;
}

describe('kafkajs admin on consumer groups', () => {
  it('describes, lists, fetches, resets and deletes groups and their offsets', async () => {
    const broker = await startGroupBroker();
    const kafka = kafkaFor(broker, 'admin-test');
    const admin = kafka.admin();
    await admin.connect();
    const [a, b] = [uniqueName('offsets-a'), uniqueName('offsets-b')];
    const groupId = uniqueName('admin-group');
    await admin.createTopics({
      topics: [
        { topic: a, numPartitions: 3 },
        { topic: b, numPartitions: 1 },
      ],
    });
    await produceSequenced(kafka, a, 3, 30);
    await produceSequenced(kafka, b, 1, 5);

    await consumeFirst(kafka, groupId, [a, b], 35, async () => {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({
        groupId,
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'RoundRobinAssigner',
      });
      expect(groups[0]?.members).toHaveLength(1);
      const member = groups[0]?.members[0];
      expect(member).toMatchObject({ clientId: 'admin-test', clientHost: expect.stringContaining('127.0.0.1') });
      const assignment = AssignerProtocol.MemberAssignment.decode(member?.memberAssignment ?? Buffer.alloc(0));
      expect(assignment?.assignment).toEqual({ [a]: [0, 1, 2], [b]: [0] });
      const listed = await admin.listGroups();
      expect(listed.groups).toContainEqual({ groupId, protocolType: 'consumer' });
      await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
        groups: [expect.objectContaining({ groupId, errorCode: 68 })],
      });
    });

    const sorted = <T extends { partition: number }>(list: T[] | undefined) =>
      [...(list ?? [])]
        .sort((x, y) => x.partition - y.partition)
        .map((p) => `${p.partition}=${(p as { offset?: string }).offset}`);
    const [forA] = await admin.fetchOffsets({ groupId, topics: [a] });
    expect(sorted(forA?.partitions)).toEqual(['0=10', '1=10', '2=10']);
    const all = await admin.fetchOffsets({ groupId });
    expect(all.map((t) => t.topic).sort()).toEqual([a, b].sort());
    expect(sorted(all.find((t) => t.topic === b)?.partitions)).toEqual(['0=5']);

    const { groups: described } = await admin.describeGroups([groupId, uniqueName('never-seen')]);
    expect(described.map((g) => g.state)).toEqual(['Empty', 'Dead']);

    await admin.resetOffsets({ groupId, topic: a, earliest: true });
    const [earliest] = await admin.fetchOffsets({ groupId, topics: [a] });
    expect(sorted(earliest?.partitions)).toEqual(['0=-2', '1=-2', '2=-2']);
    const reread = await consumeFirst(kafka, groupId, [a], 30);
    expect([...reread.values()]).toEqual([0, 0, 0]);

    await admin.resetOffsets({ groupId, topic: a, earliest: false });
    const [latest] = await admin.fetchOffsets({ groupId, topics: [a] });
    expect(sorted(latest?.partitions)).toEqual(['0=-1', '1=-1', '2=-1']);

    await admin.deleteTopics({ topics: [b] });
    await expect.poll(async () => (await admin.fetchOffsets({ groupId })).map((t) => t.topic)).toEqual([a]);

    await admin.deleteGroups([groupId]);
    expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Dead');
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    expect(await admin.fetchOffsets({ groupId })).toEqual([]);
    await admin.disconnect();
    await broker.close();
  }, 60_000);
});

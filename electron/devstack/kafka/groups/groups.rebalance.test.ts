// Rebalances with real kafkajs consumers: two split the partitions, a third joins, one leaves, while a producer
// keeps writing. No message is lost, and every stable generation gives each partition to exactly one live member.
import { AssignerProtocol, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fastConsumer, kafkaFor, parseSequenced, startGroupBroker, uniqueName } from './testing/groupBroker';

const PARTITIONS = 6;

/** Waits until the group is Stable with `members` members, and returns each member's partitions. */
async function stableAssignment(admin: Admin, groupId: string, topic: string, members: number): Promise<number[][]> {
  let owned: number[][] = [];
  await expect
    .poll(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0];
        if (group?.state !== 'Stable' || group.members.length !== members) return false;
        owned = group.members.map(
          (m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [],
        );
        return true;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true);
  return owned;
}

function expectDisjointCover(owned: number[][]): void {
  const all = owned.flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));
  for (const partitions of owned) expect(partitions.length).toBeGreaterThan(0);
}

/** Produces small batches round-robin over the partitions until stopped; returns the count per partition. */
function backgroundProducer(kafka: Kafka, topic: string): { stop(): Promise<number[]> } {
  const next = new Array<number>(PARTITIONS).fill(0);
  const producer = kafka.producer();
  let running = true;
  const loop = (async () => {
    await producer.connect();
    while (running) {
      const messages = Array.from({ length: PARTITIONS * 10 }, (_, i) => {
        const partition = i % PARTITIONS;
        const seq = next[partition] ?? 0;
        next[partition] = seq + 1;
        return { partition, value: `${partition}:${seq}` };
      });
      await producer.send({ topic, messages });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await producer.disconnect();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return next;
    },
  };
}

describe('kafkajs consumer group rebalances', () => {
  it('splits partitions between members as they join and leave, losing no message', async () => {
    const broker = await startGroupBroker();
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('rebalance');
    const groupId = uniqueName('rebalance-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });

    const received = Array.from({ length: PARTITIONS }, () => new Set<number>());
    // What each live consumer believes it owns, from its latest GROUP_JOIN event.
    const clientView = new Map<Consumer, number[]>();
    const expectClientsAgree = (members: number) =>
      expect
        .poll(
          () => {
            const views = [...clientView.values()];
            return (
              views.length === members &&
              views
                .flat()
                .sort((a, b) => a - b)
                .join(',')
            );
          },
          { timeout: 30_000, interval: 50 },
        )
        .toBe(Array.from({ length: PARTITIONS }, (_, i) => i).join(','));
    const startConsumer = async (): Promise<Consumer> => {
      const consumer = kafka.consumer({ groupId, ...fastConsumer });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        clientView.set(consumer, event.payload.memberAssignment[topic] ?? []);
      });
      consumer.on(consumer.events.STOP, () => clientView.delete(consumer));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async (payload) => {
          const { partition, seq } = parseSequenced(payload);
          expect(partition).toBe(payload.partition);
          received[partition]?.add(seq);
        },
      });
      return consumer;
    };

    const producer = backgroundProducer(kafka, topic);
    const first = await startConsumer();
    const second = await startConsumer();
    expectDisjointCover(await stableAssignment(admin, groupId, topic, 2));
    await expectClientsAgree(2);

    const third = await startConsumer();
    const withThree = await stableAssignment(admin, groupId, topic, 3);
    expectDisjointCover(withThree);
    expect(withThree.map((p) => p.length)).toEqual([2, 2, 2]);
    await expectClientsAgree(3);

    await first.disconnect(); // LeaveGroup: the others take over its partitions at once
    expectDisjointCover(await stableAssignment(admin, groupId, topic, 2));
    await expectClientsAgree(2);

    const produced = await producer.stop();
    await expect.poll(() => received.map((s) => s.size), { timeout: 30_000, interval: 100 }).toEqual(produced);
    for (let p = 0; p < PARTITIONS; p++)
      expect([...(received[p] ?? [])].sort((a, b) => a - b)).toEqual(
        Array.from({ length: produced[p] ?? 0 }, (_, i) => i),
      );

    await Promise.all([second.disconnect(), third.disconnect()]);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ state: 'Empty', members: [] });
    await admin.disconnect();
    await broker.close();
  }, 120_000);
});

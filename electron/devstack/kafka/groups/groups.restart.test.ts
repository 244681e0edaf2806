// A broker restart under a running kafkajs consumer: group membership is not persisted, so the consumer is told
// UNKNOWN_MEMBER_ID and rejoins; committed offsets are, so it carries on where it was, losing nothing.
import { describe, expect, it } from 'vitest';
import { startOnStablePort } from '../../testing/ports';
import {
  fastConsumer,
  kafkaFor,
  parseSequenced,
  produceSequenced,
  startGroupBroker,
  tempDir,
  uniqueName,
} from './testing/groupBroker';

describe('kafkajs consumer across a broker restart', () => {
  it('rejoins the restarted broker and continues from the committed offsets', async () => {
    const data = tempDir('kafka-groups-restart-');
    // A port that stays ours while the broker is down (see testing/ports.ts).
    const first = await startOnStablePort((port) => startGroupBroker({ dataDir: data.dir, port }));
    const port = first.port;
    const kafka = kafkaFor(first);
    const topic = uniqueName('restart');
    const groupId = uniqueName('restart-group');
    let produced = await produceSequenced(kafka, topic, 3, 900);

    const received = [new Set<number>(), new Set<number>(), new Set<number>()];
    let joins = 0;
    const consumer = kafka.consumer({ groupId, ...fastConsumer });
    consumer.on(consumer.events.GROUP_JOIN, () => joins++);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async (payload) => {
        const { partition, seq } = parseSequenced(payload);
        received[partition]?.add(seq);
      },
    });
    const count = () => received.reduce((n, s) => n + s.size, 0);
    await expect.poll(count, { timeout: 20_000 }).toBe(900);
    const admin = kafka.admin();
    await admin.connect();
    // Wait for the auto-commit of everything consumed, so the restart has something to resume from.
    await expect
      .poll(async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions.map((p) => p.offset), {
        timeout: 20_000,
      })
      .toEqual(['300', '300', '300']);
    await admin.disconnect();

    await first.close();
    const second = await startGroupBroker({ dataDir: data.dir, port });
    // Fetching needs no membership, so the consumer may read on before its next heartbeat finds out and it rejoins.
    produced = await produceSequenced(kafka, topic, 3, 300, produced);
    await expect.poll(() => joins, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    produced = await produceSequenced(kafka, topic, 3, 300, produced);
    await expect.poll(count, { timeout: 30_000 }).toBe(1500);
    for (let p = 0; p < 3; p++) expect(received[p]?.size).toBe(produced[p]);
    await consumer.disconnect(); // commits as a member of the new incarnation of the group
    const admin2 = kafkaFor(second).admin();
    await admin2.connect();
    const [committed] = await admin2.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions.map((p) => p.offset)).toEqual(produced.map(String));
    await admin2.disconnect();
    await second.close();
    data.remove();
  }, 90_000);
});

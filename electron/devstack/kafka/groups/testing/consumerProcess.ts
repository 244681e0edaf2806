// A kafkajs group consumer in its own process, so a test can kill -9 it (a crash sends no LeaveGroup):
//   node --import tsx consumerProcess.ts '{"broker":"127.0.0.1:9092","groupId":"g","topic":"t"}'
// Prints a JSON line {"assigned":[partitions]} after every join.
import { Kafka, logLevel } from 'kafkajs';
import { fastConsumer } from './groupBroker';

const { broker, groupId, topic } = JSON.parse(process.argv[2] ?? '{}') as {
  broker: string;
  groupId: string;
  topic: string;
};
const kafka = new Kafka({ clientId: 'consumer-process', brokers: [broker], logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId, ...fastConsumer });
consumer.on(consumer.events.GROUP_JOIN, (event) => {
  process.stdout.write(`${JSON.stringify({ assigned: event.payload.memberAssignment[topic] ?? [] })}\n`);
});
// Dies with its parent: the test holds our stdin open for as long as it runs.
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({ eachMessage: async () => undefined });

// Runs a broker in its own process for crash tests and the benchmark:
//   node --import tsx electron/devstack/kafka/testing/brokerProcess.ts '{"dataDir":"/tmp/x"}'
// Prints one JSON line {"port":N} when listening. Over an IPC channel it also answers {type:"cpu"} with the
// process's CPU usage, so a parent can measure the broker's CPU alone.
import { createKafkaBroker } from '../index';

const options = JSON.parse(process.argv[2] ?? '{}') as { dataDir?: string; retentionBytesPerPartition?: number };
const broker = await createKafkaBroker({ host: '127.0.0.1', port: 0, ...options });
process.stdout.write(`${JSON.stringify({ port: broker.port })}\n`);
process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'cpu') {
    process.send?.({
      type: 'cpu',
      usage: process.cpuUsage(),
      memory: process.memoryUsage().rss,
      // First touches of fresh memory: a large share of the broker's kernel time.
      minorPageFaults: process.resourceUsage().minorPageFault,
    });
  }
});
const stop = (): void => void broker.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

// A broker with the group coordinator in its own process, for kill -9 tests:
//   node --import tsx electron/devstack/kafka/groups/testing/groupBrokerProcess.ts '{"dataDir":"/tmp/x"}'
// Prints one JSON line {"port":N} when listening.
import { startKafkaBroker } from '../../broker';
import { groupCoordinatorPlugin } from '../handlers';

const options = JSON.parse(process.argv[2] ?? '{}') as { dataDir?: string };
const broker = await startKafkaBroker({ host: '127.0.0.1', port: 0, ...options }, [groupCoordinatorPlugin()]);
process.stdout.write(`${JSON.stringify({ port: broker.port })}\n`);
const stop = (): void => void broker.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

import { resolve } from 'node:path';
import { startDevstack } from '../../devstack';
import { createCliLogger } from '../logger';
import { intFlag, stringFlag, type CliCommand } from '../command';

/** `userstream devstack`: the embedded Kafka-protocol broker and CQL store in the foreground. */
export const devstackCommand: CliCommand = {
  name: 'devstack',
  summary: 'Run the embedded dev stack (Kafka-protocol broker + Cassandra-protocol store) in the foreground',
  usage: [
    '--host HOST        address to listen on and advertise (default 127.0.0.1)',
    '--kafka-port N     Kafka port, 0 = any free port (default 9092)',
    '--cql-port N       CQL port, 0 = any free port (default 9042)',
    '--data-dir DIR     keep topics, offsets and tables in DIR (default: in memory, gone on exit)',
    '--log-level LEVEL  debug, info, warn or error (default info; logs go to stderr)',
  ],
  options: {
    host: { type: 'string' },
    'kafka-port': { type: 'string' },
    'cql-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'log-level': { type: 'string' },
  },
  async run(values, io) {
    const dataDir = stringFlag(values, 'data-dir');
    const stack = await startDevstack({
      host: stringFlag(values, 'host') ?? '127.0.0.1',
      kafkaPort: intFlag(values, 'kafka-port', 9092, 0, 65535),
      cqlPort: intFlag(values, 'cql-port', 9042, 0, 65535),
      dataDir: dataDir ? resolve(dataDir) : undefined,
      logger: createCliLogger(io, stringFlag(values, 'log-level')),
    });
    io.stdout.write(
      [
        `Kafka protocol  ${stack.kafka.address}   (e.g. kcat -b ${stack.kafka.address} -L)`,
        `CQL protocol    ${stack.cql.address}   (e.g. cqlsh ${stack.cql.host} ${stack.cql.port})`,
        `Data            ${dataDir ? resolve(dataDir) : 'in memory (use --data-dir to keep it)'}`,
        'Ready. Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((done) => {
      if (io.signal.aborted) done();
      else io.signal.addEventListener('abort', () => done(), { once: true });
    });
    await stack.close();
    io.stdout.write('Stopped.\n');
    return 0;
  },
};

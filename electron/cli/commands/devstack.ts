import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { intFlag, stringFlag, UsageError, type CliCommand, type CliValues } from '../command';
import { CQL_FLAG_OPTIONS, CQL_FLAG_USAGE, devstackCqlOptions } from './devstackCqlFlags';

/** `--kafka-sasl USER:PASSWORD`, repeatable: the users the broker accepts; undefined when the flag is absent. */
export function kafkaSaslUsers(values: CliValues): Record<string, string> | undefined {
  const raw = values['kafka-sasl'];
  if (raw === undefined) return undefined;
  const users: Record<string, string> = {};
  for (const entry of Array.isArray(raw) ? raw : [raw]) {
    // The user name ends at the first colon, so a password may contain colons.
    const colon = typeof entry === 'string' ? entry.indexOf(':') : -1;
    if (typeof entry !== 'string' || colon < 1 || colon === entry.length - 1)
      throw new UsageError(`--kafka-sasl expects USER:PASSWORD, got "${String(entry)}"`);
    users[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return users;
}

/** `--tls-cert FILE --tls-key FILE` (both or neither): the PEM pair both servers serve TLS with; undefined when absent. */
export function devstackTls(values: CliValues): { cert: Buffer; key: Buffer; certFile: string } | undefined {
  const certFile = stringFlag(values, 'tls-cert');
  const keyFile = stringFlag(values, 'tls-key');
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined)
    throw new UsageError('--tls-cert and --tls-key go together: a PEM certificate and its private key');
  const read = (flag: string, file: string): Buffer => {
    try {
      return readFileSync(resolve(file));
    } catch (error) {
      throw new UsageError(
        `--${flag}: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
  return { cert: read('tls-cert', certFile), key: read('tls-key', keyFile), certFile: resolve(certFile) };
}

/** `userstream devstack`: the embedded Kafka-protocol broker and CQL store in the foreground. */
export const devstackCommand: CliCommand = {
  name: 'devstack',
  summary: 'Run the embedded dev stack (Kafka-protocol broker + Cassandra-protocol store) in the foreground',
  usage: [
    '--host HOST        address to listen on and advertise (default 127.0.0.1)',
    '--kafka-port N     Kafka port, 0 = any free port (default 9092)',
    '--cql-port N       CQL port, 0 = any free port (default 9042)',
    '--data-dir DIR     keep topics, offsets and tables in DIR (default: in memory, gone on exit)',
    '--kafka-sasl USER:PASSWORD  require SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) on the Kafka port; repeat for more users',
    '--tls-cert FILE --tls-key FILE  serve TLS on both ports with this PEM certificate and private key',
    ...CQL_FLAG_USAGE,
    '--log-level LEVEL  debug, info, warn or error (default info; logs go to stderr)',
  ],
  options: {
    host: { type: 'string' },
    'kafka-port': { type: 'string' },
    'cql-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'kafka-sasl': { type: 'string', multiple: true },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ...CQL_FLAG_OPTIONS,
    'log-level': { type: 'string' },
  },
  async run(values, io) {
    const dataDir = stringFlag(values, 'data-dir');
    const saslUsers = kafkaSaslUsers(values);
    const tls = devstackTls(values);
    const cql = devstackCqlOptions(values, io.env);
    const [{ startDevstack }, { createCliLogger }] = await Promise.all([import('../../devstack'), import('../logger')]);
    const stack = await startDevstack({
      host: stringFlag(values, 'host') ?? '127.0.0.1',
      kafkaPort: intFlag(values, 'kafka-port', 9092, 0, 65535),
      cqlPort: intFlag(values, 'cql-port', 9042, 0, 65535),
      dataDir: dataDir ? resolve(dataDir) : undefined,
      kafkaSasl: saslUsers ? { users: saslUsers } : undefined,
      tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
      cql,
      logger: createCliLogger(io, stringFlag(values, 'log-level')),
    });
    io.stdout.write(
      [
        `Kafka protocol  ${stack.kafka.address}   (e.g. kcat -b ${stack.kafka.address} -L)`,
        ...(saslUsers
          ? [
              `Kafka SASL      PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 for ${Object.keys(saslUsers).join(', ')}` +
                `   (kcat: -X security.protocol=${tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'} -X sasl.mechanisms=PLAIN ` +
                '-X sasl.username=… -X sasl.password=…)',
            ]
          : []),
        ...(tls
          ? [
              `TLS             on for both ports, certificate ${tls.certFile}` +
                `   (kcat: -X security.protocol=${saslUsers ? 'SASL_SSL' : 'SSL'} -X ssl.ca.location=${tls.certFile};` +
                ` cqlsh: SSL_CERTFILE=${tls.certFile} cqlsh --ssl …)`,
            ]
          : []),
        `CQL protocol    ${stack.cql.address}   (e.g. cqlsh ${stack.cql.host} ${stack.cql.port}` +
          `${cql.auth ? ` -u ${cql.auth.username} -p …` : ''})`,
        `CQL node        Cassandra ${cql.cassandraVersion}, data center ${cql.dataCenter}, ${cql.vnodes} vnodes` +
          `${cql.auth ? `, PasswordAuthenticator (user ${cql.auth.username})` : ''}`,
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

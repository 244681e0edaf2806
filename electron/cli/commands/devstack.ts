import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { intFlag, stringFlag, UsageError, type CliCommand, type CliValues } from '../command';
import { credentialFlagsUsage, credentialOptions, credentialsFrom } from './credentialFlags';
import { CQL_FLAG_OPTIONS, CQL_FLAG_USAGE, devstackCqlOptions } from './devstackCqlFlags';
import { allowRemoteOption, exposedHost } from './exposure';

/** Where the broker's SASL users come from: `--kafka-sasl`, `--kafka-sasl-file`, or `USERSTREAM_KAFKA_SASL`. */
export const KAFKA_SASL_SOURCE = { flag: 'kafka-sasl', env: 'USERSTREAM_KAFKA_SASL' } as const;

/** The users the broker accepts (USER:PASSWORD each); undefined when no source names any. */
export function kafkaSaslUsers(
  values: CliValues,
  env: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> | undefined {
  return credentialsFrom(values, env, KAFKA_SASL_SOURCE);
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
    '--host HOST        address to listen on and advertise (default 127.0.0.1; others need --allow-remote)',
    '--allow-remote     accept a non-loopback --host: anyone on the network can then read and write the data',
    '--kafka-port N     Kafka port, 0 = any free port (default 9092)',
    '--brokers N        Kafka brokers in this process, 1-16 (default 1), on the Kafka port and the next ones; they share the data',
    '--cql-port N       CQL port, 0 = any free port (default 9042)',
    '--data-dir DIR     keep topics, offsets and tables in DIR (default: in memory, gone on exit)',
    '--kafka-sasl USER:PASSWORD  require SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) on the Kafka port; repeat for more users',
    ...credentialFlagsUsage(KAFKA_SASL_SOURCE),
    '--tls-cert FILE --tls-key FILE  serve TLS on both ports with this PEM certificate and private key',
    ...CQL_FLAG_USAGE,
    '--log-level LEVEL  debug, info, warn or error (default info; logs go to stderr)',
  ],
  options: {
    host: { type: 'string' },
    ...allowRemoteOption,
    'kafka-port': { type: 'string' },
    brokers: { type: 'string' },
    'cql-port': { type: 'string' },
    'data-dir': { type: 'string' },
    ...credentialOptions(KAFKA_SASL_SOURCE.flag),
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ...CQL_FLAG_OPTIONS,
    'log-level': { type: 'string' },
  },
  async run(values, io) {
    const dataDir = stringFlag(values, 'data-dir');
    const saslUsers = kafkaSaslUsers(values, io.env);
    const tls = devstackTls(values);
    const cql = devstackCqlOptions(values, io.env);
    const brokers = intFlag(values, 'brokers', 1, 1, 16);
    const exposure = exposedHost(
      values,
      (host) =>
        `anyone who can reach ${host} can read and write every topic (${saslUsers ? 'with a SASL login' : 'no login'})` +
        ` and every table (${cql.auth ? 'with a CQL login' : 'no login'}), ${tls ? 'over TLS' : 'in clear text'}`,
    );
    const [{ startDevstack }, { createCliLogger }] = await Promise.all([import('../../devstack'), import('../logger')]);
    const stack = await startDevstack({
      host: exposure.host,
      kafkaPort: intFlag(values, 'kafka-port', 9092, 0, 65535),
      kafkaBrokers: brokers,
      cqlPort: intFlag(values, 'cql-port', 9042, 0, 65535),
      dataDir: dataDir ? resolve(dataDir) : undefined,
      kafkaSasl: saslUsers ? { users: saslUsers } : undefined,
      tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
      cql,
      logger: createCliLogger(io, stringFlag(values, 'log-level')),
    });
    if (exposure.warning) io.stderr.write(`${exposure.warning}\n`);
    io.stdout.write(
      [
        `Kafka protocol  ${stack.kafka.address}   (e.g. kcat -b ${stack.kafka.address} -L)`,
        ...(brokers > 1
          ? [
              `Kafka brokers   ${stack.kafkaCluster
                .brokers()
                .map((b, i) => `${b.nodeId} at ${stack.kafka.brokers[i] ?? ''}`)
                .join(', ')}   (partition leaders spread across them)`,
            ]
          : []),
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

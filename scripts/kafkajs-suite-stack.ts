// The embedded broker laid out as kafkajs' own test suite expects (its docker-compose.2_4.yml and testHelpers): broker
// ids 0, 1, 2; plain on 9092/9095/9098, SSL on 9093/9096/9099, SASL_SSL on 9094/9097/9100 (PLAIN test/testtest,
// SCRAM testscram with one password per mechanism, as its createScramCredentials.sh sets them); two partitions per
// auto-created topic. The suite trusts any certificate (rejectUnauthorized: false), so a throw-away one will do.
// Run by scripts/kafkajs-suite.sh: `node --import tsx scripts/kafkajs-suite-stack.ts [brokers]`; prints "Ready".
import { createKafkaCluster } from '../electron/devstack/kafka';
import { selfSignedCert } from '../electron/devstack/testing/selfSignedCert';

const count = Number(process.argv[2] ?? '3');
const at = (base: number) => Array.from({ length: count }, (_, i) => base + 3 * i);
const cert = selfSignedCert();
const tls = { key: cert.key, cert: cert.cert };
const sasl = {
  users: { test: 'testtest' },
  scramUsers: {
    'SCRAM-SHA-256': { testscram: 'testtestscram=256' },
    'SCRAM-SHA-512': { testscram: 'testtestscram=512' },
  },
};
const cluster = await createKafkaCluster({
  host: '127.0.0.1',
  advertisedHost: 'localhost',
  brokers: count,
  nodeId: 0,
  ports: at(9092),
  listeners: [
    { ports: at(9093), tls },
    { ports: at(9094), tls, sasl },
  ],
  defaultPartitions: 2,
});
process.stdout.write(
  `Ready: ${cluster
    .brokers()
    .map((b) => `${b.nodeId} ${b.ports.join('/')}`)
    .join(', ')}\n`,
);
const stop = async () => {
  await cluster.close();
  cert.remove();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

import { UsageError, intFlag, numberFlag, stringFlag, type CliCommand } from '../command';
import { shortNumber } from './statusLine';

const bar = (fraction: number, width = 24) => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
};

/** `userstream produce`: synthetic randomuser.me-style users at a steady rate. */
export const produceCommand: CliCommand = {
  name: 'produce',
  summary: 'Produce synthetic users (seed format by default) at a steady rate, with a share of bad messages',
  usage: [
    '--brokers H:P,...   Kafka brokers (env KAFKA_BROKER; default localhost:9092)',
    '--topic NAME        topic (env KAFKA_TOPIC; default users_created)',
    '--rate N            messages per second (default 100)',
    '--count N           stop after N messages (default: until Ctrl+C)',
    '--bad-ratio R       share of bad messages, 0..1 (default 0)',
    '--format F          seed (no id, like the seed producer) or upstream (id + post_code) (default seed)',
    '--seed S            generator seed: the same seed sends the same users (default 1)',
  ],
  options: {
    brokers: { type: 'string' },
    topic: { type: 'string' },
    rate: { type: 'string' },
    count: { type: 'string' },
    'bad-ratio': { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(values, io) {
    const rate = intFlag(values, 'rate', 100, 1, 1_000_000);
    const count = values.count === undefined ? undefined : intFlag(values, 'count', 0, 1);
    const badRatio = numberFlag(values, 'bad-ratio', 0, 0, 1);
    const format = stringFlag(values, 'format') ?? 'seed';
    if (format !== 'seed' && format !== 'upstream')
      throw new UsageError(`--format expects seed or upstream, got "${format}"`);
    const seed = intFlag(values, 'seed', 1, 0);
    const [{ mergeSettings }, { parseSettings }, { settingsFromEnv, splitHostList }, { silentLogger }] =
      await Promise.all([
        import('../../../shared/mergeSettings'),
        import('../../../shared/settings'),
        import('../../../shared/settingsEnv'),
        import('../../../shared/logger'),
      ]);
    const [{ createDemoProducer }, { createKafkaClient }] = await Promise.all([
      import('../../core'),
      import('../../pipeline'),
    ]);
    const flags: Record<string, unknown> = {};
    const brokers = stringFlag(values, 'brokers');
    if (brokers !== undefined) flags.brokers = splitHostList(brokers, 9092);
    const topic = stringFlag(values, 'topic');
    if (topic !== undefined) flags.topic = topic;
    const parsed = parseSettings(mergeSettings(settingsFromEnv(io.env), { kafka: flags }));
    if (!parsed.ok) throw new UsageError(parsed.error.map((p) => `${p.field}: ${p.message}`).join('; '));
    const settings = parsed.value.kafka;

    const producer = createDemoProducer({
      kafka: createKafkaClient({ ...settings, clientId: `${settings.clientId}-produce` }, silentLogger),
      topic: settings.topic,
      logger: silentLogger,
    });
    const tty = io.stdout.isTTY === true;
    const started = Date.now();
    let lastPlain = 0;
    const show = (sent: number, bad: number, final = false) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const progress = count
        ? `${bar(sent / count)} ${Math.floor((sent / count) * 100)}% ${sent}/${count}`
        : `${sent} sent`;
      const line = `${progress} · ${bad} bad · ${shortNumber(sent / seconds)}/s → ${settings.topic}`;
      if (tty) io.stdout.write(`\r\u001b[2K${line}${final ? '\n' : ''}`);
      else if (final || Date.now() - lastPlain >= 5_000) {
        lastPlain = Date.now();
        io.stdout.write(`${line}\n`);
      }
    };
    const off = producer.onProgress((s) => show(s.sent, s.bad));
    const onAbort = () => void producer.stop();
    io.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await producer.start({ ratePerSecond: rate, badRatio, seed, format, ...(count !== undefined ? { count } : {}) });
      await producer.done();
    } finally {
      io.signal.removeEventListener('abort', onAbort);
      off();
      await producer.stop();
    }
    const s = producer.status();
    show(s.sent, s.bad, true);
    return 0;
  },
};

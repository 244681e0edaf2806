// librdkafka through Debian's kcat: metadata, produce (plain and every compression codec the build has), consume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';
import { kcat, kcatAvailable, kcatVersion } from './testing/kcat';

// kcat comes from Debian (CI installs it in .ci/run); without it these tests cannot run at all.
describe.skipIf(!kcatAvailable)('kafka broker with kcat (librdkafka)', () => {
  let broker: KafkaBroker;
  let address: string;

  beforeAll(async () => {
    broker = await startBroker();
    address = `${broker.host}:${broker.port}`;
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('lists metadata with -L', async () => {
    const topic = uniqueName('kcat-meta');
    await kcat(['-b', address, '-P', '-t', topic], 'hello\n');
    const { code, stdout } = await kcat(['-b', address, '-L', '-t', topic]);
    expect(code).toBe(0);
    expect(stdout).toContain(`broker 1 at ${address} (controller)`);
    expect(stdout).toContain(`topic "${topic}" with 3 partitions`);
  });

  // Codecs this librdkafka build lacks (see `kcat -V` builtin.features) are left out rather than failed.
  const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'].filter((c) => c === 'none' || kcatVersion.includes(c));

  it.each(codecs)('produces with -z %s and consumes it back with -C -e in order', async (codec) => {
    const topic = uniqueName(`kcat-${codec}`);
    const lines = Array.from({ length: 50 }, (_, i) => `${codec}-line-${i}`);
    const produced = await kcat(['-b', address, '-P', '-t', topic, '-p', '0', '-z', codec], lines.join('\n') + '\n');
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await kcat([
      '-b',
      address,
      '-C',
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-f',
      '%o %s\n',
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(lines.map((line, i) => `${i} ${line}`));
  });

  it('consumes from a logical offset (-o -2 = two before the end)', async () => {
    const topic = uniqueName('kcat-tail');
    await kcat(['-b', address, '-P', '-t', topic, '-p', '0'], 'a\nb\nc\nd\n');
    const consumed = await kcat(['-b', address, '-C', '-t', topic, '-p', '0', '-o', '-2', '-e', '-f', '%s\n']);
    expect(consumed.stdout.trim().split('\n')).toEqual(['c', 'd']);
  });
});

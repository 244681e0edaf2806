// Heartbeat sends that fail are warnings in the worker's log: one when they start failing, then at most one per
// `warnEveryMs` counting the failures in between (kafkajs's own per-retry complaints are debug lines), and an info
// line once a send works again. Real TCP: the embedded broker, stopped, then started again on the same port.
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineStatus } from '../../shared/pipelineState';
import { createKafkaBroker, type KafkaBroker } from '../devstack/kafka';
import { startOnStablePort } from '../devstack/testing/ports';
import { testSettings } from '../pipeline/testing/fixtures';
import { startHeartbeatPublisher } from './heartbeatPublisher';
import { createRecordingLogger } from './testing/recordingLogger';

const status: PipelineStatus = {
  state: 'running',
  since: 0,
  kafka: { state: 'up', address: '' },
  cassandra: { state: 'up', address: '' },
};

let broker: KafkaBroker | null = null;
afterEach(async () => {
  await broker?.close();
  broker = null;
});

describe('heartbeat publisher', () => {
  it('warns when sends fail, at most once per period with the count, and says when they work again', async () => {
    const first = await startOnStablePort((port) => createKafkaBroker({ host: '127.0.0.1', port }));
    const port = first.port;
    await first.close();
    const settings = testSettings(`127.0.0.1:${port}`, '127.0.0.1:9042', { kafka: { connectionTimeoutMs: 500 } });
    const logger = createRecordingLogger();
    let clock = 0;
    const publisher = await startHeartbeatPublisher({
      kafka: settings.kafka,
      workerId: 'w-1',
      version: 'test',
      status: () => status,
      metrics: () => null,
      logger,
      // Only the beats the test asks for (and the first, at start).
      intervalMs: 3_600_000,
      warnEveryMs: 60_000,
      now: () => clock,
    });
    try {
      for (let i = 0; i < 4; i++) await publisher.beat();
      const warnings = () => logger.of('warn');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]!.message).toMatch(/^heartbeat not sent/);
      expect(warnings()[0]!.fields).toMatchObject({ component: 'heartbeat', topic: 'userstream.workers' });
      expect(String(warnings()[0]!.fields.err)).not.toBe('');
      // kafkajs did complain, once per attempt, but not as warnings.
      expect(logger.of('debug').some((l) => l.message.startsWith('kafkajs:'))).toBe(true);

      clock = 61_000;
      await publisher.beat();
      expect(warnings()).toHaveLength(2);
      expect(warnings()[1]).toMatchObject({
        message: 'heartbeats still not sent',
        fields: { failures: 5, failingForMs: 61_000 },
      });
      clock = 62_000;
      await publisher.beat();
      expect(warnings()).toHaveLength(2);

      broker = await createKafkaBroker({ host: '127.0.0.1', port });
      clock = 70_000;
      await publisher.beat();
      expect(logger.of('info').find((l) => l.message === 'heartbeats sent again')?.fields).toMatchObject({
        failedForMs: 70_000,
      });
      clock = 200_000;
      await publisher.beat();
      expect(warnings()).toHaveLength(2);
    } finally {
      await publisher.close();
    }
  }, 60_000);
});

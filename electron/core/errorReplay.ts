import type { Logger } from '../../shared/logger';
import { appError, err, ok, type Result } from '../../shared/result';
import type { Settings } from '../../shared/settings';
import { createKafkaClient } from '../pipeline';

/** Produces an edited error record back to the source topic. */
export interface ErrorReplay {
  replay(record: { key: string | null; value: string }): Promise<Result<{ partition: number; offset: string }>>;
  /** Forgets the client: the next replay connects with the settings then in force. */
  reset(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One client for every replay, created at the first and dropped when the settings change. */
export function createErrorReplay(options: { kafka(): Settings['kafka']; logger: Logger }): ErrorReplay {
  let client: ReturnType<typeof createKafkaClient> | null = null;
  return {
    reset: () => (client = null),
    async replay({ key, value }) {
      const kafka = options.kafka();
      try {
        client ??= createKafkaClient(kafka, options.logger.child({ component: 'replay' }), '-replay');
        const p = client.producer();
        await p.connect();
        try {
          const [meta] = await p.send({ topic: kafka.topic, acks: -1, messages: [{ key, value }] });
          return ok({ partition: meta?.partition ?? 0, offset: meta?.baseOffset ?? '0' });
        } finally {
          await p.disconnect();
        }
      } catch (error) {
        return err(appError('replay_failed', messageOf(error), true));
      }
    },
  };
}

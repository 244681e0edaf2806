import type { Logger } from '../../shared/logger';
import type { Core } from '../core/types';

/** The demo producer's first-run pace: gentle, with a few bad messages so the Errors view has something to show. */
export const FIRST_RUN_PRODUCER = { ratePerSecond: 5, badRatio: 0.05 } as const;

/**
 * What an app host does once its core is up: start the pipeline, and on the embedded stack also the demo producer, so
 * data flows within seconds of a first run. Failures are logged and left for the UI to show (the status says why).
 */
export async function autoStart(core: Core, logger: Logger): Promise<void> {
  // A monitor watches other workers; it neither consumes nor produces.
  if (core.info().monitor) return;
  const started = await core.start();
  if (!started.ok) logger.warn({ error: started.error }, 'pipeline did not start');
  if (!core.info().embedded || core.producer.status().running) return;
  const producing = await core.producer.start(FIRST_RUN_PRODUCER);
  if (!producing.ok) logger.warn({ error: producing.error }, 'demo producer did not start');
}

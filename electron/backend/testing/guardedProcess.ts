// A process with the guard installed, for processGuard.test.ts: `survive` throws and rejects where nothing catches,
// then answers; `storm` keeps throwing; `shutdown` throws after a shutdown began. Log lines go to stderr.
import pino from 'pino';
import type { Logger } from '../../../shared/logger';
import { REDACTED_PATHS } from '../../pipeline/logSink';
import { installProcessGuard } from '../processGuard';

const logger = pino(
  { base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
  process.stderr,
) as unknown as Logger;
const guard = installProcessGuard({ logger, maxFaults: 5, windowMs: 60_000 });
const mode = process.argv[2];
const withSecret = () => Object.assign(new Error('broker said no'), { config: { sasl: { password: 'hunter2' } } });

if (mode === 'survive') {
  setTimeout(() => {
    throw withSecret();
  }, 1);
  setTimeout(() => void Promise.reject(new TypeError('nobody awaits this')), 2);
  setTimeout(() => {
    process.stdout.write(`alive after ${guard.faults()} faults\n`);
    guard.dispose();
  }, 50);
} else if (mode === 'storm') {
  for (let i = 0; i < 10; i++)
    setTimeout(() => {
      throw new Error(`fault ${i}`);
    }, i);
  setTimeout(() => process.stdout.write('should not get here\n'), 1000);
} else if (mode === 'shutdown') {
  guard.shuttingDown();
  setTimeout(() => {
    throw new Error('close failed');
  }, 1);
  setTimeout(() => process.stdout.write('should not get here\n'), 1000);
}

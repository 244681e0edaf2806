// The real core worker (workerEntry.ts, through tsx) with two faults nobody catches once it is up: an exception thrown
// from a timer and a rejected promise nobody awaits. Lets startCoreWorker.test.ts prove the worker's guard keeps the
// core answering.
import { register } from 'tsx/esm/api';

register();
await import('../workerEntry.ts');
setTimeout(() => {
  throw Object.assign(new Error('a fault after ready'), { options: { password: 'hunter2' } });
}, 20);
setTimeout(() => void Promise.reject(new RangeError('a rejection nobody awaits')), 40);

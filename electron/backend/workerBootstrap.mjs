// Runs the core's worker from TypeScript source (the CLI, tests, the browser mode): worker threads do not inherit the
// parent's tsx loader, so register it here, then load the entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

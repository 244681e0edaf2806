// A stand-in for the core's worker that comes up, reports a running pipeline, and dies at the first request: lets
// startCoreWorker's crash handling be tested without breaking a real core.
import { parentPort } from 'node:worker_threads';

const status = {
  state: 'running',
  since: Date.now(),
  kafka: { state: 'up', address: '127.0.0.1:9092' },
  cassandra: { state: 'up', address: '127.0.0.1:9042' },
};
parentPort.postMessage({ type: 'ready' });
parentPort.postMessage({ type: 'event', channel: 'pipeline:status', payload: status });
parentPort.on('message', () => process.exit(3));

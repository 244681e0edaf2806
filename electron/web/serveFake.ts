// Dev/test entry: the browser mode over the fake core, for renderer work and Playwright specs that need no real stack.
// Usage: npx tsx electron/web/serveFake.ts [port]   (prints the URL with its token on stdout)
import { resolve } from 'node:path';
import { createInProcessBackend } from '../backend';
import { createFakeCore } from './fakeCore';
import { startWebHost } from './index';

const core = createFakeCore({ seedUsers: 120, ratePerSecond: 8, badRatio: 0.1 });
const host = await startWebHost({
  backend: createInProcessBackend({ core, host: 'web' }),
  rendererDir: resolve('out/renderer'),
  port: Number(process.argv[2] ?? 0),
  token: process.env.USERSTREAM_TOKEN,
});
process.stdout.write(`${host.url}\n`);
const stop = () => void host.close().then(() => core.close());
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

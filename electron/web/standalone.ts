// The browser mode without the CLI: `node --import tsx electron/web/standalone.ts [--port N] [--host H] [--data-dir D]`.
// npm start falls back to it where `userstream web` is not available; it makes the same first-run choice (embedded
// stack unless a cluster is named or settings exist) and prints the URL to open.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core';
import { embeddedOnFirstRun } from './firstRun';
import { startWebHost } from './index';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    embedded: { type: 'boolean' },
  },
});
const dataDir = resolve(values['data-dir'] ?? '.userstream-data');
const core = await createCore({
  dataDir,
  env: process.env,
  embedded: values.embedded ? true : embeddedOnFirstRun(join(dataDir, 'settings.json'), process.env),
  logStream: process.stderr,
});
const host = await startWebHost({
  core,
  host: values.host ?? '127.0.0.1',
  port: Number(values.port ?? 0),
  rendererDir: resolve('out/renderer'),
});
process.stdout.write(`\nUserstream is running in your browser at:\n\n  ${host.url}\n\nPress Ctrl+C to stop.\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void host
    .close()
    .then(() => core.close())
    .finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

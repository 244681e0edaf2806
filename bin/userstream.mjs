#!/usr/bin/env node
// `userstream`: loads the built CLI (out/main/cli.js). `npm install` builds it (the `prepare` script runs
// `npm run build`); a checkout without out/ gets one line saying so instead of a stack trace.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const root = new URL('..', import.meta.url).pathname;
  process.stderr.write(`userstream: not built yet; run "npm run build" in ${root} (npm install does it for you)\n`);
  process.exit(1);
}
await import(cli.href);

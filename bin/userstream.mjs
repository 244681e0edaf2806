#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx userstream` works right after `npm install`
// without a build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

// Loaded with `--import` through NODE_OPTIONS, so the worker threads and child processes of the command under test get
// it too: any attempt to load tsx fails, which proves built code needs no TypeScript loader at run time.
import { register } from 'node:module';

register(new URL('./forbidTsxHooks.mjs', import.meta.url));

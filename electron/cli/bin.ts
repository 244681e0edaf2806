// The built `userstream` command, out/main/cli.js, which bin/userstream.mjs loads: the CLI told where the built
// entries of the processes it starts are (beside it), so no TypeScript is compiled at run time.
import { builtEntries } from '../backend/builtEntries';
import { main } from './main';

process.exitCode = await main(process.argv.slice(2), { entries: builtEntries(import.meta.dirname) });

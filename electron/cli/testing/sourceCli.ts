// The CLI from its TypeScript source, for tests that spawn it: `node --import tsx sourceCli.ts <args>` runs what the
// working tree says, not whatever out/ was last built from. (The built command has its own test: builtCli.test.ts.)
import { fileURLToPath } from 'node:url';
import { main } from '../main';

/** Node arguments that run the source CLI; append the command and its flags. */
export const SOURCE_CLI_ARGS = ['--import', 'tsx', fileURLToPath(import.meta.url)];

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));

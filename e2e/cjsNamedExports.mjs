// Node's ESM loader can't see kafkajs's later named exports (its module.exports object has non-trivial values, which
// cjs-module-lexer stops at), so `import { CompressionCodecs } from 'kafkajs'` fails outside bundlers and vitest. For
// the e2e host only, serve kafkajs through a generated ESM facade that re-exports every key. Remove once the engine
// imports kafkajs as a default import.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'kafkajs' && !context.parentURL?.startsWith('kafkajs-facade:')) {
    return { url: 'kafkajs-facade:kafkajs', shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url !== 'kafkajs-facade:kafkajs') return next(url, context);
  const { createRequire } = await import('node:module');
  const req = createRequire(process.cwd() + '/package.json');
  const names = Object.keys(req('kafkajs')).filter((n) => /^[A-Za-z_$][\\w$]*$/.test(n));
  const source = 'import { createRequire } from "node:module";\\n' +
    'const k = createRequire(' + JSON.stringify(process.cwd() + '/package.json') + ')("kafkajs");\\n' +
    'export default k;\\n' + names.map((n) => 'export const ' + n + ' = k.' + n + ';').join('\\n');
  return { format: 'module', source, shortCircuit: true };
}
`),
);

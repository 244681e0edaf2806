// Module resolution hooks of forbidTsx.mjs: tsx by name (`--import tsx`, `tsx/esm/api`) or by path is refused.
export async function resolve(specifier, context, next) {
  if (/^tsx(\/|$)|\/node_modules\/tsx\//.test(specifier))
    throw new Error(`TypeScript loader at run time: ${specifier}`);
  return next(specifier, context);
}

// One flat config. The import rules encode the layer diagram in ../shared/STYLE.md: shared/ is pure, the renderer never
// reaches into Node or Electron, and only electron/main + electron/preload may import 'electron'.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const pure = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'shared/ and renderer/ must stay free of Node built-ins.' })),
  patterns: [
    { group: ['node:*'], message: 'shared/ and renderer/ must stay free of Node built-ins.' },
    { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron.' },
    { group: ['kafkajs', 'cassandra-driver', 'ws', 'pino', 'pino/*'], message: 'Client libraries live in electron/.' },
    { group: ['**/electron/**', '../electron/*', '../../electron/*'], message: 'Layers point one way: nothing imports electron/ from here.' },
  ],
};

const electronLayer = [
  { group: ['electron', 'electron/*'], message: 'Keep Electron thin: only electron/main and electron/preload import it.' },
  { group: ['**/renderer/**'], message: 'Layers point one way.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', '.userstream-data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a string-literal union or an as-const object.' }],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    // Tests may compare against node:crypto or read fixtures; only code that ships must stay pure.
    ignores: ['shared/**/*.test.ts', 'shared/**/fixtures/**'],
    rules: {
      'no-restricted-imports': ['error', { ...pure, patterns: [...pure.patterns, { group: ['react', 'react-dom', 'react/*'], message: 'shared/ is not React code.' }] }],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', pure] } },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...electronLayer, { group: ['**/testing/*'], message: 'Test scaffolding (testing/) is for tests and benchmarks; code that ships never imports it.' }] },
      ],
    },
  },
  { files: ['electron/**/*.test.ts', 'electron/**/testing/**'], ignores: ['electron/main/**', 'electron/preload/**'], rules: { 'no-restricted-imports': ['error', { patterns: electronLayer }] } },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);

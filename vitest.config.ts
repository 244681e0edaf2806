import { defineConfig } from 'vitest/config';

// Unit and integration tests. Integration tests start the embedded dev stack on port 0 and talk to it over TCP with the
// real kafkajs and cassandra-driver, so they need room: two forks (the CI machine has 2 cores) and generous timeouts.
export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'e2e/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll's own default (1 s) is shorter than a rebalance or a cold first connect on a busy 2-core machine;
    // tests that wait longer still say so at the call.
    expect: { poll: { timeout: 10_000 } },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { devstackProcessEnv } from './processEnv';

describe('devstackProcessEnv', () => {
  it('adds the malloc tunables, which glibc accepts, and keeps the rest of the environment', () => {
    const env = devstackProcessEnv({ PATH: process.env.PATH, FOO: 'bar' });
    expect(env.FOO).toBe('bar');
    expect(env.GLIBC_TUNABLES).toContain('glibc.malloc.hugetlb=1');
    // A child started with them runs normally (a malformed value would be ignored, never fatal, but check anyway).
    const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(process.env.GLIBC_TUNABLES)'], { env });
    expect(run.status).toBe(0);
    expect(run.stdout.toString()).toBe(env.GLIBC_TUNABLES);
  });

  it('leaves a GLIBC_TUNABLES the user set alone, even an empty one', () => {
    expect(devstackProcessEnv({ GLIBC_TUNABLES: '' }).GLIBC_TUNABLES).toBe('');
    expect(devstackProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(
      'glibc.malloc.arena_max=2',
    );
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env: {}, signal: new AbortController().signal }, out: () => out, err: () => err };
}

describe('userstream CLI', () => {
  it('lists the subcommands on --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/Usage: userstream <command>/);
  });

  it('exits 2 with one line for an unknown command', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.err()).toMatch(/unknown command "frobnicate"/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from './contentSecurityPolicy';

/** The policy as a map: directive → its sources. */
const parse = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('rendererCsp', () => {
  it('allows only what the renderer needs, and forbids plugins, <base>, forms, workers and framing', () => {
    const csp = parse(rendererCsp());
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('worker-src')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
    // No eval, no inline scripts, nothing from anywhere: a scheme or a star alone would allow any host.
    expect(rendererCsp()).not.toMatch(/unsafe-eval|ws:(?!\/)|wss:(?!\/)|\*/);
    expect(parse(rendererCsp()).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('names extra connect origins exactly, and refuses wildcards and paths', () => {
    expect(parse(rendererCsp({ connect: ['wss://broker.example:443'] })).get('connect-src')).toEqual([
      "'self'",
      'wss://broker.example:443',
    ]);
    for (const bad of ['ws:', 'wss:', '*', 'https://*.example.com', 'http://host/path', "'unsafe-inline'", 'ws://a b'])
      expect(() => rendererCsp({ connect: [bad] })).toThrow(/not one exact origin/);
  });

  it('as a meta tag it leaves out frame-ancestors (browsers ignore it there); the page carries exactly that', () => {
    const meta = rendererCsp({ delivery: 'meta' });
    expect(meta).not.toMatch(/frame-ancestors/);
    const html = readFileSync(join(import.meta.dirname, '../renderer/index.html'), 'utf8');
    const content = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(content).toBe(meta);
  });
});

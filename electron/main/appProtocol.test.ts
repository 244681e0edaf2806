import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createAppRequestHandler, resolveAppFile } from './appProtocol';

// out/renderer stand-in, with a secret beside it and a sibling whose name starts like it.
const base = mkdtempSync(join(tmpdir(), 'app-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<title>Userstream</title>');
writeFileSync(join(root, 'assets/index.js'), 'export {};');
writeFileSync(join(base, 'secret.txt'), 'SECRET');
mkdirSync(join(base, 'renderer-evil'));
writeFileSync(join(base, 'renderer-evil/x.txt'), 'SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppRequestHandler(root);
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves the renderer: / and index.html, assets with their type, the CSP on every answer', async () => {
    expect(resolveAppFile(root, 'app://userstream/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, APP_ENTRY_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://USERSTREAM/assets/index.js?v=1#/users')).toBe(join(root, 'assets/index.js'));
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Userstream</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/object-src 'none'.*base-uri 'none'/);
    const script = await get('app://userstream/assets/index.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const missing = await get('app://userstream/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('refuses every way out of the renderer dir, other hosts and schemes, and anything but GET/HEAD', async () => {
    for (const url of [
      'app://userstream/..%2fsecret.txt',
      'app://userstream/%2e%2e%2fsecret.txt',
      'app://userstream/assets/..%2f..%2fsecret.txt',
      'app://userstream/..%2frenderer-evil%2fx.txt',
      'app://userstream/index.html%00.png',
      'app://userstream/%E0%A4%A',
      'app://evil/index.html',
      'app://userstream:8080/index.html',
      'app://user:pw@userstream/index.html',
      'file:///etc/passwd',
      'https://userstream/index.html',
      'not a url',
    ])
      expect(resolveAppFile(root, url), url).toBeNull();
    for (const url of [
      'app://userstream/../secret.txt',
      'app://userstream/..%5csecret.txt',
      'app://userstream/assets',
    ]) {
      const answer = await get(url);
      expect(answer.status, url).toBe(404);
      expect(await answer.text()).not.toContain('SECRET');
    }
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(404);
  });

  it('whatever the path, the answer is a file inside the renderer dir or nothing', () => {
    const segment = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2e',
      '%2f',
      '%5c',
      '\\',
      'a',
      'assets',
      '%00',
      '',
      '%25',
      'renderer-evil',
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const file = resolveAppFile(root, `app://userstream/${parts.join('/')}`);
        expect(file === null || file.startsWith(root + sep)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

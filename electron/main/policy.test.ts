import { describe, expect, it } from 'vitest';
import {
  externalLinkDecision,
  isTrustedSender,
  keychainEncryption,
  navigationDecision,
  rendererLocation,
  SECURE_WEB_PREFERENCES,
} from './policy';

const packaged = rendererLocation({ packaged: true, devUrl: undefined });
const dev = { url: 'http://localhost:5173/' };

describe('window security policy', () => {
  it('gives the renderer no Node, a sandbox, an isolated context, web security and no webviews', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads app:// when packaged, whatever ELECTRON_RENDERER_URL says; in development only a dev server on this machine', () => {
    expect(packaged.url).toBe('app://userstream/index.html');
    expect(rendererLocation({ packaged: true, devUrl: 'http://localhost:5173' }).url).toBe(
      'app://userstream/index.html',
    );
    expect(rendererLocation({ packaged: false, devUrl: 'http://localhost:5173' }).url).toBe('http://localhost:5173/');
    expect(rendererLocation({ packaged: false, devUrl: 'http://127.0.0.1:5173/' }).url).toBe('http://127.0.0.1:5173/');
    for (const devUrl of ['https://evil.example/', 'file:///tmp/x.html', 'javascript:alert(1)', 'nonsense', undefined])
      expect(rendererLocation({ packaged: false, devUrl }).url).toBe('app://userstream/index.html');
  });

  it('trusts only frames that show the app', () => {
    expect(isTrustedSender('app://userstream/index.html#/users', packaged)).toBe(true);
    expect(isTrustedSender('app://userstream/', packaged)).toBe(true);
    // For schemes Node does not know, URL.origin is "null" for every host: these must not pass as the app.
    expect(isTrustedSender('app://evil/index.html', packaged)).toBe(false);
    expect(isTrustedSender('foo://userstream/index.html', packaged)).toBe(false);
    expect(isTrustedSender('file:///opt/userstream/out/renderer/index.html', packaged)).toBe(false);
    expect(isTrustedSender('https://example.com/', packaged)).toBe(false);
    expect(isTrustedSender(undefined, packaged)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/#/logs', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
  });

  it('opens https links to known hosts, asks for other web links, never opens other schemes or credentials', () => {
    expect(externalLinkDecision('https://kafka.apache.org/documentation/')).toBe('open');
    expect(externalLinkDecision('https://cassandra.apache.org/doc/latest/')).toBe('open');
    expect(externalLinkDecision('http://kafka.apache.org/')).toBe('confirm');
    expect(externalLinkDecision('https://kafka.apache.org:8443/')).toBe('confirm');
    expect(externalLinkDecision('https://kafka.apache.org.evil.example/')).toBe('confirm');
    expect(externalLinkDecision('https://randomuser.me/')).toBe('confirm');
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'https://user:pw@kafka.apache.org/',
      'not a url',
      `https://kafka.apache.org/${'a'.repeat(3000)}`,
    ])
      expect(externalLinkDecision(bad), bad).toBe('deny');
  });

  it('keeps in-app navigation, hands web links to the external rules, blocks the rest', () => {
    expect(navigationDecision('app://userstream/index.html#/errors', packaged)).toBe('allow');
    expect(navigationDecision('https://kafka.apache.org/', packaged)).toBe('external');
    expect(navigationDecision('https://unknown.example/', packaged)).toBe('external');
    expect(navigationDecision('file:///home/me/.ssh/id_rsa', packaged)).toBe('deny');
  });

  it("counts Linux's basic_text safeStorage backend (a fixed key) as no encryption", () => {
    expect(keychainEncryption({ platform: 'linux', available: true, backend: 'gnome_libsecret' })).toEqual({
      ok: true,
    });
    expect(keychainEncryption({ platform: 'linux', available: true, backend: 'kwallet5' })).toEqual({ ok: true });
    expect(keychainEncryption({ platform: 'darwin', available: true, backend: undefined })).toEqual({ ok: true });
    expect(keychainEncryption({ platform: 'linux', available: true, backend: 'basic_text' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/basic_text/),
    });
    expect(keychainEncryption({ platform: 'win32', available: false, backend: undefined })).toMatchObject({
      ok: false,
    });
  });
});

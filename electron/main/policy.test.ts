import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, isTrustedSender, navigationDecision } from './policy';

const packaged = { url: 'file:///opt/userstream/out/renderer/index.html' };
const dev = { url: 'http://localhost:5173' };

describe('window security policy', () => {
  it('trusts only frames that show the app', () => {
    expect(isTrustedSender('file:///opt/userstream/out/renderer/index.html#/users', packaged)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isTrustedSender('https://example.com/', packaged)).toBe(false);
    expect(isTrustedSender(undefined, packaged)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/#/logs', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
  });

  it('opens only http(s) links outside, never file:, javascript: or credentials', () => {
    expect(isSafeExternalUrl('https://randomuser.me/')).toBe(true);
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@host/',
      'not a url',
      `https://x.io/${'a'.repeat(3000)}`,
    ]) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });

  it('keeps in-app hash navigation, sends web links out, blocks the rest', () => {
    expect(navigationDecision('file:///opt/userstream/out/renderer/index.html#/errors', packaged)).toBe('allow');
    expect(navigationDecision('https://kafka.apache.org/', packaged)).toBe('open-external');
    expect(navigationDecision('file:///home/me/.ssh/id_rsa', packaged)).toBe('deny');
  });
});

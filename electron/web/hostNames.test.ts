import { hostname, networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, servedNames } from './hostNames';

const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((e) => e && !e.internal && e.family === 'IPv4')
    .map((e) => e!.address);

describe('servedNames', () => {
  it('tells loopback from addresses other machines reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '128.0.0.1', '127.0.0.1.nip.io'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('loopback: the loopback names only, no remote address', () => {
    const names = servedNames('127.0.0.1', 8080);
    expect([...names.hosts].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(names).toMatchObject({ local: '127.0.0.1', remote: [] });
  });

  it("a wildcard bind: loopback, the machine's host name and its interface addresses, nothing else", () => {
    const names = servedNames('0.0.0.0', 8080);
    for (const name of ['127.0.0.1', 'localhost', hostname().toLowerCase(), ...externalAddresses()])
      expect(names.hosts).toContain(`${name}:8080`);
    expect(names.hosts).not.toContain('evil.example:8080');
    expect(names.hosts).not.toContain('127.0.0.1:8081');
    expect(names.local).toBe('127.0.0.1');
    expect(names.remote).toEqual(expect.arrayContaining([hostname().toLowerCase(), ...externalAddresses()]));
  });

  it('a specific address: itself and the host name', () => {
    const names = servedNames('192.0.2.7', 80);
    expect([...names.hosts].sort()).toEqual(['192.0.2.7:80', `${hostname().toLowerCase()}:80`].sort());
    expect(names).toMatchObject({ local: '192.0.2.7', remote: ['192.0.2.7'] });
  });
});

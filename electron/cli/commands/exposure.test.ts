import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { UsageError } from '../command';
import { SOURCE_CLI_ARGS } from '../testing/sourceCli';
import { credentialsFrom } from './credentialFlags';
import { exposedHost } from './exposure';

const ROOT = join(import.meta.dirname, '../../..');
const CLI = SOURCE_CLI_ARGS;
const built = existsSync(join(ROOT, 'out/renderer/index.html'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'us-expose-'));
  dirs.push(dir);
  return dir;
};

/** Runs the CLI; `until` ends it (SIGTERM) once stdout matches, else it runs to its own exit. */
async function cli(args: string[], options: { until?: RegExp; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [...CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  try {
    if (options.until) {
      const until = options.until;
      await expect.poll(() => out, { timeout: 60_000 }).toMatch(until);
      return { out, err, child, code: null };
    }
    const [code] = (await once(child, 'close')) as [number | null];
    return { out, err, child, code };
  } finally {
    if (!options.until && child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('--host beyond loopback needs --allow-remote', () => {
  it('exposedHost: loopback passes, anything else is a usage error without the flag and a warning with it', () => {
    expect(exposedHost({}, () => 'x')).toEqual({ host: '127.0.0.1', warning: null });
    expect(exposedHost({ host: 'localhost' }, () => 'x')).toEqual({ host: 'localhost', warning: null });
    expect(() => exposedHost({ host: '0.0.0.0' }, () => 'x')).toThrow(UsageError);
    expect(() => exposedHost({ host: '192.168.1.5' }, () => 'x')).toThrow(/add --allow-remote/);
    expect(exposedHost({ host: '0.0.0.0', 'allow-remote': true }, (h) => `anyone reaching ${h}`)).toEqual({
      host: '0.0.0.0',
      warning: 'Warning: listening on 0.0.0.0, not loopback: anyone reaching 0.0.0.0',
    });
  });

  it.each([
    ['web', '--port', '0'],
    ['devstack', '--kafka-port', '0', '--cql-port', '0'],
  ])('%s --host 0.0.0.0 without it: exit 2, one line, nothing started', async (command, ...rest) => {
    const { code, out, err } = await cli([command, '--host', '0.0.0.0', ...rest]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/--host 0\.0\.0\.0 is reachable from other machines; add --allow-remote/);
  });
});

describe('devstack credentials off the command line', () => {
  it('credentialsFrom: flags and file together; the variable only when no flag is given', () => {
    const dir = tempDir();
    const file = join(dir, 'users');
    writeFileSync(file, '# broker users\napp:s3cr:et\r\n\nops:pw\n');
    const source = { flag: 'kafka-sasl', env: 'USERSTREAM_KAFKA_SASL' };
    expect(credentialsFrom({}, {}, source)).toBeUndefined();
    expect(credentialsFrom({ 'kafka-sasl-file': file }, {}, source)).toEqual({ app: 's3cr:et', ops: 'pw' });
    expect(credentialsFrom({ 'kafka-sasl': ['x:y'], 'kafka-sasl-file': file }, {}, source)).toEqual({
      x: 'y',
      app: 's3cr:et',
      ops: 'pw',
    });
    expect(credentialsFrom({}, { USERSTREAM_KAFKA_SASL: 'env:pw\nother:pw2' }, source)).toEqual({
      env: 'pw',
      other: 'pw2',
    });
    expect(credentialsFrom({ 'kafka-sasl': ['x:y'] }, { USERSTREAM_KAFKA_SASL: 'env:pw' }, source)).toEqual({ x: 'y' });
    expect(() => credentialsFrom({ 'kafka-sasl-file': join(dir, 'none') }, {}, source)).toThrow(
      /--kafka-sasl-file: cannot read .*ENOENT/,
    );
    writeFileSync(file, 'justapassword\n');
    // The message never repeats the line: it may be a password without its user.
    expect(() => credentialsFrom({ 'kafka-sasl-file': file }, {}, source)).toThrow(/^(?!.*justapassword)/);
    expect(() => credentialsFrom({}, { USERSTREAM_KAFKA_SASL: ':pw' }, source)).toThrow(
      /USERSTREAM_KAFKA_SASL expects/,
    );
  });

  it('--allow-remote and --kafka-sasl-file: a warning, and kafkajs needs the users from the file', async () => {
    const file = join(tempDir(), 'users');
    writeFileSync(file, 'app:from-a-file\n');
    const run = await cli(
      [
        'devstack',
        '--host',
        '0.0.0.0',
        '--allow-remote',
        '--kafka-port',
        '0',
        '--cql-port',
        '0',
        '--kafka-sasl-file',
        file,
      ],
      { until: /Ready/ },
    );
    try {
      expect(run.err).toMatch(
        /Warning: listening on 0\.0\.0\.0, not loopback: anyone who can reach 0\.0\.0\.0 can read and write every topic \(with a SASL login\) and every table \(no login\), in clear text/,
      );
      const port = /Kafka protocol\s+\S+:(\d+)/.exec(run.out)?.[1];
      const sasl = (password: string) => ({ mechanism: 'scram-sha-256', username: 'app', password }) as const;
      const admin = new Kafka({
        brokers: [`127.0.0.1:${port}`],
        logLevel: logLevel.NOTHING,
        sasl: sasl('from-a-file'),
      }).admin();
      await admin.connect();
      await admin.disconnect();
      const wrong = new Kafka({
        brokers: [`127.0.0.1:${port}`],
        logLevel: logLevel.NOTHING,
        sasl: sasl('nope'),
      }).admin();
      await expect(wrong.connect()).rejects.toThrow(/invalid credentials/);
      run.child.kill('SIGTERM');
      const [code] = await once(run.child, 'close');
      expect(code).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 90_000);
});

describe.skipIf(!built)('userstream web --host 0.0.0.0 --allow-remote', () => {
  it('warns who can reach it and prints addresses whose sockets open', async () => {
    const run = await cli(['web', '--host', '0.0.0.0', '--allow-remote', '--data-dir', tempDir()], {
      until: /Press Ctrl\+C/,
      env: { KAFKA_BROKER: '127.0.0.1:1', CASSANDRA_HOST: '127.0.0.1:1' },
    });
    try {
      expect(run.err).toMatch(/Warning: listening on 0\.0\.0\.0, not loopback: anyone who can reach this machine/);
      const urls = [...run.out.matchAll(/(http:\/\/\S+#token=\S+)/g)].map((m) => new URL(m[1]!));
      expect(urls.length).toBeGreaterThan(1);
      expect(urls[0]!.hostname).toBe('127.0.0.1');
      for (const url of urls) {
        // Each printed address, as a browser that resolved its name to this machine would send it.
        const port = url.port;
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${url.hash.slice(7)}`, {
          headers: { Host: url.host },
          origin: `http://${url.host}`,
        });
        const [outcome] = await Promise.race([once(ws, 'open').then(() => ['open']), once(ws, 'unexpected-response')]);
        expect(outcome, url.host).toBe('open');
        ws.close();
      }
      run.child.kill('SIGTERM');
      const [code] = await once(run.child, 'close');
      expect(code).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 90_000);
});

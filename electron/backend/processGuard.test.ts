import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../shared/logger';
import { GUARD_EXIT_CODE, installProcessGuard } from './processGuard';

function recordingLogger() {
  const lines: { fields: LogFields; message: string }[] = [];
  const log = (fields: LogFields | string, message?: string) =>
    void lines.push(typeof fields === 'string' ? { fields: {}, message: fields } : { fields, message: message ?? '' });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return { logger, lines };
}

function guarded(options: { maxFaults?: number } = {}) {
  const target = new EventEmitter();
  const exits: number[] = [];
  const { logger, lines } = recordingLogger();
  const guard = installProcessGuard({ logger, target, exit: (code) => void exits.push(code), ...options });
  return { target, exits, lines, guard };
}

describe('installProcessGuard', () => {
  it('logs an uncaught error or unhandled rejection and keeps the process running', () => {
    const { target, exits, lines, guard } = guarded();
    target.emit('uncaughtException', new TypeError("Cannot read properties of null (reading 'id')"));
    target.emit('unhandledRejection', new RangeError('Maximum call stack size exceeded'));
    expect(exits).toEqual([]);
    expect(guard.faults()).toBe(2);
    expect(lines.map((l) => l.message)).toEqual(['uncaught error; kept running', 'uncaught error; kept running']);
    expect(lines[0]?.fields).toMatchObject({ origin: 'uncaughtException', err: { name: 'TypeError' } });
  });

  it('logs only the name, message, code and stack of an error, never the options it carries', () => {
    const { target, lines } = guarded();
    const error = Object.assign(new Error('auth failed'), { code: 'EAUTH', sasl: { password: 'hunter2' } });
    target.emit('uncaughtException', error);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(lines[0]?.fields.err).toMatchObject({ message: 'auth failed', code: 'EAUTH' });
  });

  it('does not hide a broken process: a storm of faults, out of memory, or a fault during shutdown still exits', () => {
    const storm = guarded({ maxFaults: 3 });
    for (let i = 0; i < 4; i++) storm.target.emit('uncaughtException', new Error(`fault ${i}`));
    expect(storm.exits).toEqual([GUARD_EXIT_CODE]);
    expect(storm.lines.at(-1)?.message).toBe('too many uncaught errors; exiting');

    const oom = guarded();
    oom.target.emit('uncaughtException', Object.assign(new Error('out of memory'), { code: 'ENOMEM' }));
    expect(oom.exits).toEqual([1]);

    const closing = guarded();
    closing.guard.shuttingDown();
    closing.target.emit('unhandledRejection', new Error('drain failed'));
    expect(closing.exits).toEqual([1]);
    expect(closing.lines.at(-1)?.message).toBe('uncaught error during shutdown; exiting');
  });

  it('dispose removes its handlers', () => {
    const { target, guard } = guarded();
    guard.dispose();
    expect(target.listenerCount('uncaughtException') + target.listenerCount('unhandledRejection')).toBe(0);
  });
});

const SCRIPT = join(import.meta.dirname, 'testing/guardedProcess.ts');
async function runGuarded(mode: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, out, err };
}

// The same in a real process: Node's own default for these is to print and exit 1.
describe('a guarded process', () => {
  it('survives a throw and a rejection nobody handles, logging them redacted', async () => {
    const { code, out, err } = await runGuarded('survive');
    expect(out).toBe('alive after 2 faults\n');
    expect(code).toBe(0);
    expect(err).toContain('broker said no');
    expect(err).toContain('nobody awaits this');
    expect(err).not.toContain('hunter2');
  });

  it('still exits when faults keep coming, and on a fault during shutdown', async () => {
    const storm = await runGuarded('storm');
    expect(storm.code).toBe(GUARD_EXIT_CODE);
    expect(storm.out).toBe('');
    const shutdown = await runGuarded('shutdown');
    expect(shutdown.code).toBe(1);
    expect(shutdown.err).toContain('uncaught error during shutdown; exiting');
  });
});

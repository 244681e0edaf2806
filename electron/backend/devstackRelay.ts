// The embedded stack started by the host for the core's worker thread: Electron's utilityProcess can only be forked
// from the main thread, while the core (which decides when the stack runs) lives in a worker. The worker asks, the host
// launches and answers with the addresses; the stack's log lines travel back to the core's log.
import type { LogFields, Logger, LogMethod } from '../../shared/logger';
import type { DevstackLauncher, RunningDevstack } from '../core';
import type { DevstackAnswer, DevstackRequest, LogLevel } from './workerProtocol';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A Logger whose every line goes to `emit`, bindings of `child()` merged into the fields. */
function relayLogger(emit: (level: LogLevel, fields: LogFields, message: string) => void, bindings: LogFields = {}) {
  const method =
    (level: LogLevel): LogMethod =>
    (a: string | LogFields, b?: string) =>
      typeof a === 'string' ? emit(level, bindings, a) : emit(level, { ...bindings, ...a }, b ?? '');
  const logger: Logger = {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => relayLogger(emit, { ...bindings, ...more }),
  };
  return logger;
}

/** Host half: launches the stacks the worker asks for; `closeAll` when the worker ends, so none outlives it. */
export function createDevstackRelayHost({
  launcher,
  send,
}: {
  launcher: DevstackLauncher;
  send(message: DevstackAnswer): void;
}) {
  const stacks = new Map<number, Promise<RunningDevstack | null>>();
  /** Closes under way, so `closeAll` also waits for one the worker asked for a moment before. */
  const closing = new Set<Promise<void>>();
  const close = (stack: Promise<RunningDevstack | null> | undefined) => {
    // A stack's close only drains and, if that hangs, kills: it has no failure worth more than the attempt.
    const done = (stack ?? Promise.resolve(null)).then((s) => s?.close()).catch(() => undefined);
    closing.add(done);
    return done.finally(() => closing.delete(done));
  };
  return {
    handle(request: DevstackRequest): void {
      const { id } = request;
      if (request.op === 'start') {
        const logger = relayLogger((level, fields, message) =>
          send({ type: 'devstackLog', id, level, fields, message }),
        );
        const started = launcher({ ...request.options, logger }).then(
          (stack) => {
            send({ type: 'devstack', id, op: 'started', kafka: stack.kafka, cql: stack.cql });
            return stack;
          },
          (error: unknown) => {
            send({ type: 'devstack', id, op: 'failed', message: messageOf(error) });
            return null;
          },
        );
        stacks.set(id, started);
        return;
      }
      const stack = stacks.get(id);
      stacks.delete(id);
      void close(stack).finally(() => send({ type: 'devstack', id, op: 'closed' }));
    },
    async closeAll(): Promise<void> {
      for (const stack of stacks.values()) void close(stack);
      stacks.clear();
      await Promise.all(closing);
    },
  };
}

/** Worker half: a launcher that asks the host, and `answer` for the host's replies. */
export function createDevstackRelayWorker(post: (request: DevstackRequest) => void) {
  const pending = new Map<number, { resolve(value: DevstackAnswer): void }>();
  const loggers = new Map<number, Logger>();
  let nextId = 1;
  const ask = (request: DevstackRequest) =>
    new Promise<DevstackAnswer>((resolve) => {
      pending.set(request.id, { resolve });
      post(request);
    });
  const launcher: DevstackLauncher = async ({ logger, ...options }) => {
    const id = nextId++;
    loggers.set(id, logger);
    const answer = await ask({ type: 'devstack', id, op: 'start', options });
    if (answer.type !== 'devstack' || answer.op !== 'started') {
      loggers.delete(id);
      throw new Error(answer.type === 'devstack' && answer.op === 'failed' ? answer.message : 'no embedded stack');
    }
    let closing: Promise<void> | null = null;
    return {
      kafka: answer.kafka,
      cql: answer.cql,
      close: () => (closing ??= ask({ type: 'devstack', id, op: 'close' }).then(() => void loggers.delete(id))),
    };
  };
  return {
    launcher,
    answer(message: DevstackAnswer): void {
      if (message.type === 'devstackLog') {
        loggers.get(message.id)?.[message.level](message.fields, message.message);
        return;
      }
      pending.get(message.id)?.resolve(message);
      pending.delete(message.id);
    },
  };
}

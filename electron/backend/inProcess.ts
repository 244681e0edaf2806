import { createDispatcher, type IpcResult } from '../../shared/ipc';
import { usersExportRequestSchema } from '../../shared/ipc/users';
import type { UsersExportRequest } from '../../shared/usersJobs';
import { silentLogger, type Logger } from '../../shared/logger';
import type { Core } from '../core/types';
import { autoStart } from './autoStart';
import { createCoreHandlers, forwardCoreEvents } from './coreHandlers';
import type { CoreBackend, HostKind } from './types';

/** Options of `createInProcessBackend`. */
export interface InProcessBackendOptions {
  core: Core;
  host: HostKind;
  logger?: Logger;
}

/** Validates an export request the host passes on (it came from a renderer). */
export function parseExportRequest(request: unknown): IpcResult<UsersExportRequest> {
  const parsed = usersExportRequestSchema.safeParse(request);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: {
      code: 'invalid_request',
      message: `export: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      retriable: false,
    },
  };
}

/** The contract answered by `core` on the caller's own event loop: the worker's inside, and tests with a fake core. */
export function createInProcessBackend({ core, host, logger = silentLogger }: InProcessBackendOptions): CoreBackend {
  const dispatch = createDispatcher(createCoreHandlers({ core, host }));
  return {
    invoke: dispatch,
    onEvent: (listener) => forwardCoreEvents(core, listener),
    async exportToFile(path, request) {
      const parsed = parseExportRequest(request);
      return parsed.ok ? core.users.exportToFile(path, parsed.value) : parsed;
    },
    async exportStream(request) {
      const parsed = parseExportRequest(request);
      return parsed.ok ? core.users.exportStream(parsed.value) : parsed;
    },
    autoStart: () => autoStart(core, logger),
    close: () => core.close(),
  };
}

import { createDispatcher } from '../../shared/ipc';
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

/** The contract answered by `core` on the caller's own event loop: the worker's inside, and tests with a fake core. */
export function createInProcessBackend({ core, host, logger = silentLogger }: InProcessBackendOptions): CoreBackend {
  const dispatch = createDispatcher(createCoreHandlers({ core, host }));
  return {
    invoke: dispatch,
    onEvent: (listener) => forwardCoreEvents(core, listener),
    autoStart: () => autoStart(core, logger),
    close: () => core.close(),
  };
}

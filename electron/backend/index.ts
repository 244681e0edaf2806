// What app hosts talk to: the IPC contract answered by a core in a worker thread (or in process, for tests).
export type { CoreBackend, HostKind } from './types';
export { createInProcessBackend, type InProcessBackendOptions } from './inProcess';
export { startCoreWorker, type CoreWorkerOptions } from './startCoreWorker';
export { autoStart, FIRST_RUN_PRODUCER } from './autoStart';
export { installProcessGuard, describeError, GUARD_EXIT_CODE, type ProcessGuard } from './processGuard';
export { createCoreHandlers, forwardCoreEvents, CORE_EVENT_CHANNELS } from './coreHandlers';

// One Userstream instance for a transport (Electron IPC, the browser host, the CLI).
export { createCore, LOG_FILE, type CoreOptions } from './createCore';
export type { SecretStore } from './settingsStore';
export type { DevstackLauncher, DevstackLaunchOptions } from './devstackHost';
export { createDevstackProcessLauncher, launchDevstackProcess } from './devstackHost';
export { superviseDevstackChild, type DevstackChild, type RunningDevstack } from './devstackSupervisor';
export { createDemoProducer, type DemoProducer, type DemoProducerStatus } from './demoProducer';
export type * from './types';

import { appContract } from './app';
import { errorsContract } from './errors';
import { fleetContract } from './fleet';
import { logsContract } from './logs';
import { pipelineContract } from './pipeline';
import { producerContract } from './producer';
import { settingsContract } from './settings';
import { usersContract } from './users';

/** The whole contract between the renderer and whichever host runs it (Electron IPC or the WebSocket). */
export const CONTRACT = {
  pipeline: pipelineContract,
  settings: settingsContract,
  users: usersContract,
  errors: errorsContract,
  producer: producerContract,
  logs: logsContract,
  app: appContract,
  fleet: fleetContract,
} as const;

/** The contract's type. */
export type Contract = typeof CONTRACT;

/** One domain name. */
export type Domain = keyof Contract;

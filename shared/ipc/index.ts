// The IPC contract: one file per domain, the generic pieces that build window.api, validate and dispatch.
export { CONTRACT, type Contract, type Domain } from './contracts';
export * from './api';
export * from './channels';
export * from './contract';
export * from './types';
export type { FieldView, PasswordState, ProfileExport, ProfileSummary, ProfilesView, SettingsView } from './settings';
export * from './dispatch';
export * from './batcher';
export * from './wire';
export * from './frame';
export * from './wsTransport';

import { z } from 'zod';
import type { Settings } from '../settings';
import { method, query, type DomainContract } from './contract';
import type { ConnectionReportView } from './types';

/** Settings as shown to the renderer: passwords blanked, with a hint whether one is stored. */
export interface SettingsView {
  settings: Settings;
  passwordSet: { kafka: boolean; cassandra: boolean };
}

// Deep validation (field names, host:port) is parseSettings' job in the core; here we only bound the shape and size.
const settingsInput = z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length < 256 * 1024, {
  message: 'settings are too large',
});

/** Reading, saving and testing settings. */
export const settingsContract = {
  methods: {
    get: query<SettingsView>(),
    save: method<SettingsView>()(settingsInput),
    testKafka: method<ConnectionReportView>()(settingsInput),
    testCassandra: method<ConnectionReportView>()(settingsInput),
  },
  events: {},
} as const satisfies DomainContract;

// ApiVersions: the list is built from the registered handlers, so an API is advertised exactly when it is served.
import type { ApiHandler, KafkaMessage } from './types';

export const API_VERSIONS_MIN = 0;
export const API_VERSIONS_MAX = 4;

/** The advertised list for every handler plus ApiVersions itself, sorted by key. */
export function apiVersionsList(
  handlers: Iterable<Pick<ApiHandler, 'apiKey' | 'minVersion' | 'maxVersion'>>,
): KafkaMessage[] {
  const list = [...handlers].map((h) => ({ apiKey: h.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }));
  return list.sort((a, b) => a.apiKey - b.apiKey);
}

export function apiVersionsHandler(list: () => KafkaMessage[]): ApiHandler {
  return {
    apiKey: 18,
    minVersion: API_VERSIONS_MIN,
    maxVersion: API_VERSIONS_MAX,
    async handle() {
      return { errorCode: 0, apiKeys: list(), throttleTimeMs: 0 };
    },
  };
}

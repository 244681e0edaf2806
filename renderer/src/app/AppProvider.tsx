import { useEffect, useMemo, type ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../shared/ipc';
import { bindApi } from '../ipc/bindApi';
import type { AppState } from '../store/appStore';
import { AppContext } from '../store/StoreContext';

/** Gives the tree its store and api, and binds the api's events to the store once. */
export function AppProvider({ api, store, children }: { api: Api; store: StoreApi<AppState>; children: ReactNode }) {
  const value = useMemo(() => ({ api, store }), [api, store]);
  useEffect(() => bindApi(api, store), [api, store]);
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

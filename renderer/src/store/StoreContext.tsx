import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../shared/ipc';
import type { AppState } from './appStore';

/** The app's store and api, given once at the root so tests can pass their own. */
export interface AppContextValue {
  store: StoreApi<AppState>;
  api: Api;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext is missing: render inside <AppProvider>');
  return value;
}

/** Reads one narrow piece of the store; components re-render only when it changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

/** The host api (window.api or its WebSocket twin). */
export function useApi(): Api {
  return useAppContext().api;
}

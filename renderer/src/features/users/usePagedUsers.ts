import { useCallback, useEffect, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Api } from '../../../../shared/ipc';
import type { UserRow } from '../../../../shared/user';
import type { UsersSearch, UsersSearchField } from '../../../../shared/usersJobs';

/** What the Users view shows: a page of the table, or the answer to an exact search. */
export interface PagedUsers {
  rows: UserRow[];
  pageIndex: number;
  pageSize: number;
  hasNext: boolean;
  loading: boolean;
  error: string | null;
  /** The exact search shown, or null for the table's pages. */
  search: UsersSearch | null;
  setPageSize(size: number): void;
  next(): void;
  previous(): void;
  reload(): void;
  find(by: UsersSearchField, text: string): void;
  clearSearch(): void;
}

/** Exact search keys. */
export type SearchField = UsersSearchField;

/** Where the person is in the table: kept per window while they visit a user's detail or another view. */
interface Position {
  /** Page states that led to each page so far (null = the first page). */
  states: (string | null)[];
  pageSize: number;
  search: UsersSearch | null;
  /** The table's scroll offset, restored on return. */
  scrollTop: number;
}

const positions = new WeakMap<Api, StoreApi<Position>>();

/** The position store of this window (one per api object, so tests with a fresh api start fresh). */
export function usersPosition(api: Api): StoreApi<Position> {
  let store = positions.get(api);
  if (!store) {
    store = createStore<Position>(() => ({ states: [null], pageSize: 25, search: null, scrollTop: 0 }));
    positions.set(api, store);
  }
  return store;
}

/**
 * Pages through Cassandra with its opaque page state. Going back re-reads the page from the state that led to it, kept
 * on a stack, so paging forward then back shows the same rows without repeats; the stack outlives the view, so coming
 * back from elsewhere shows the same page.
 */
export function usePagedUsers(api: Api): PagedUsers {
  const store = usersPosition(api);
  const { states, pageSize, search } = useStore(store);
  const [rows, setRows] = useState<UserRow[]>([]);
  const [nextState, setNextState] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const pageIndex = states.length - 1;
  const current = states[pageIndex] ?? null;

  useEffect(() => {
    let live = true;
    setLoading(true);
    const answer = search
      ? (search.by === 'email'
          ? api.users.byEmail({ email: search.value })
          : search.by === 'username'
            ? api.users.byUsername({ username: search.value })
            : api.users
                .byId({ id: search.value })
                .then((r) => (r.ok ? { ok: true as const, value: r.value ? [r.value] : [] } : r))
        ).then((r) => (r.ok ? { ok: true as const, value: { rows: r.value, nextPageState: null } } : r))
      : api.users.page({ pageSize, pageState: current });
    void answer.then((page) => {
      if (!live) return;
      setLoading(false);
      if (!page.ok) {
        setError(page.error.message);
        setRows([]);
        return;
      }
      setError(null);
      setRows(page.value.rows);
      setNextState(page.value.nextPageState);
    });
    return () => {
      live = false;
    };
  }, [api, pageSize, current, search, reloads]);

  const find = useCallback(
    (by: UsersSearchField, text: string) => {
      const value = text.trim();
      if (value) store.setState({ search: { by, value }, scrollTop: 0 });
    },
    [store],
  );

  return {
    rows,
    pageIndex,
    pageSize,
    hasNext: !search && nextState !== null,
    loading,
    error,
    search,
    setPageSize: (size) => store.setState({ pageSize: size, states: [null], scrollTop: 0 }),
    next: () => nextState !== null && store.setState((s) => ({ states: [...s.states, nextState], scrollTop: 0 })),
    previous: () => store.setState((s) => (s.states.length > 1 ? { states: s.states.slice(0, -1), scrollTop: 0 } : s)),
    reload: () => setReloads((n) => n + 1),
    find,
    clearSearch: () => store.setState({ search: null, scrollTop: 0 }),
  };
}

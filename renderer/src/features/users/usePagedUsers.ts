import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../../../../shared/ipc';
import type { UserRow } from '../../../../shared/user';

/** What the Users view shows: a page of the table, or the answer to an exact search. */
export interface PagedUsers {
  rows: UserRow[];
  pageIndex: number;
  hasNext: boolean;
  loading: boolean;
  error: string | null;
  searching: boolean;
  next(): void;
  previous(): void;
  reload(): void;
  search(by: SearchField, text: string): Promise<void>;
  clearSearch(): void;
}

/** Exact search keys. */
export type SearchField = 'email' | 'username' | 'id';

/**
 * Pages through Cassandra with its opaque page state. Going back re-reads the page from the state that led to it, kept
 * on a stack, so paging forward then back shows the same rows without repeats.
 */
export function usePagedUsers(api: Api, pageSize: number): PagedUsers {
  const [states, setStates] = useState<(string | null)[]>([null]);
  const [rows, setRows] = useState<UserRow[]>([]);
  const [nextState, setNextState] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [reloads, setReloads] = useState(0);
  const pageIndex = states.length - 1;
  const current = states[pageIndex] ?? null;

  useEffect(() => {
    if (searching) return;
    let live = true;
    setLoading(true);
    void api.users.page({ pageSize, pageState: current }).then((page) => {
      if (!live) return;
      setLoading(false);
      if (!page.ok) return setError(page.error.message);
      setError(null);
      setRows(page.value.rows);
      setNextState(page.value.nextPageState);
    });
    return () => {
      live = false;
    };
  }, [api, pageSize, current, searching, reloads]);

  useEffect(() => setStates([null]), [pageSize]);

  const search = useCallback(
    async (by: SearchField, text: string) => {
      const value = text.trim();
      if (!value) return;
      setSearching(true);
      setLoading(true);
      const answer =
        by === 'email'
          ? await api.users.byEmail({ email: value })
          : by === 'username'
            ? await api.users.byUsername({ username: value })
            : await api.users
                .byId({ id: value })
                .then((r) => (r.ok ? { ok: true as const, value: r.value ? [r.value] : [] } : r));
      setLoading(false);
      if (!answer.ok) {
        setError(answer.error.message);
        setRows([]);
        return;
      }
      setError(null);
      setRows(answer.value);
    },
    [api],
  );

  return {
    rows,
    pageIndex,
    hasNext: !searching && nextState !== null,
    loading,
    error,
    searching,
    next: () => nextState !== null && setStates((s) => [...s, nextState]),
    previous: () => setStates((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reload: () => setReloads((n) => n + 1),
    search,
    clearSearch: () => {
      setSearching(false);
      setStates([null]);
    },
  };
}

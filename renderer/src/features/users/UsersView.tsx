import * as Tabs from '@radix-ui/react-tabs';
import { ChevronLeft, ChevronRight, Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { UserRow } from '../../../../shared/user';
import { EmptyState } from '../../components/EmptyState';
import { formatExact } from '../../components/format';
import { useApi } from '../../store/StoreContext';
import { DemographicsPanel } from './DemographicsPanel';
import { ExportUsers } from './ExportUsers';
import { UserCards } from './UserCards';
import { UserDetail } from './UserDetail';
import { UsersTable } from './UsersTable';
import { usePagedUsers, type SearchField } from './usePagedUsers';

/** The users in Cassandra: table or cards, paging, exact search, detail, export and demographics. */
export function UsersView() {
  const api = useApi();
  const [pageSize, setPageSize] = useState(25);
  const paged = usePagedUsers(api, pageSize);
  const [open, setOpen] = useState<UserRow | null>(null);
  const [field, setField] = useState<SearchField>('email');
  const [text, setText] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  useEffect(() => {
    // The count follows the stream (every few seconds); the page itself only changes when the person pages.
    const refresh = () => void api.users.count().then((r) => r.ok && setTotal(r.value));
    refresh();
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, [api]);

  const list = (view: 'table' | 'cards') =>
    paged.error ? (
      <p role="alert" className="inline-error">
        Could not read users: {paged.error}
      </p>
    ) : paged.rows.length === 0 && !paged.loading ? (
      <EmptyState>
        {paged.searching
          ? 'No user matches exactly. Search is exact: check the spelling and case.'
          : 'No users in the table yet — start the pipeline and the demo producer.'}
      </EmptyState>
    ) : view === 'table' ? (
      <UsersTable rows={paged.rows} onOpen={setOpen} />
    ) : (
      <UserCards rows={paged.rows} onOpen={setOpen} />
    );

  return (
    <div>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void paged.search(field, text);
        }}
      >
        <label>
          Search by
          <select value={field} onChange={(e) => setField(e.target.value as SearchField)}>
            <option value="email">Email</option>
            <option value="username">Username</option>
            <option value="id">Id</option>
          </select>
        </label>
        <label>
          Exact value
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. ada@example.com"
            style={{ width: 260 }}
          />
        </label>
        <button type="submit" className="button">
          <Search size={14} aria-hidden="true" /> Search
        </button>
        {paged.searching ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setText('');
              paged.clearSearch();
            }}
          >
            Clear search
          </button>
        ) : null}
        <span style={{ marginLeft: 'auto' }}>
          <ExportUsers />
        </span>
      </form>
      <Tabs.Root defaultValue="table">
        <Tabs.List className="tabs-list" aria-label="Users views">
          <Tabs.Trigger value="table">Table</Tabs.Trigger>
          <Tabs.Trigger value="cards">Cards</Tabs.Trigger>
          <Tabs.Trigger value="demographics">Demographics</Tabs.Trigger>
        </Tabs.List>
        {(['table', 'cards'] as const).map((view) => (
          <Tabs.Content key={view} value={view}>
            <div className="toolbar" aria-label="Paging">
              <button
                type="button"
                className="button small"
                onClick={paged.previous}
                disabled={paged.pageIndex === 0 || paged.searching}
              >
                <ChevronLeft size={14} aria-hidden="true" /> Previous
              </button>
              <span aria-live="polite" data-testid="page-label">
                {paged.searching ? `${paged.rows.length} found` : `Page ${paged.pageIndex + 1}`}
              </span>
              <button type="button" className="button small" onClick={paged.next} disabled={!paged.hasNext}>
                Next <ChevronRight size={14} aria-hidden="true" />
              </button>
              <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                Page size
                <select value={pageSize} onChange={(e) => setPageSize(Number(e.target.value))}>
                  {[10, 25, 50, 100].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <span data-testid="users-total" className="muted small" style={{ marginLeft: 'auto' }}>
                {total !== null ? `${formatExact(total)} users in the table` : ''}
              </span>
            </div>
            {list(view)}
          </Tabs.Content>
        ))}
        <Tabs.Content value="demographics">
          <DemographicsPanel />
        </Tabs.Content>
      </Tabs.Root>
      <UserDetail user={open} onClose={() => setOpen(null)} />
    </div>
  );
}

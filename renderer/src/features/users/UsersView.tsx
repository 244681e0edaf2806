import * as Tabs from '@radix-ui/react-tabs';
import { ChevronLeft, ChevronRight, Search } from 'lucide-react';
import { useState } from 'react';
import type { UserRow } from '../../../../shared/user';
import { EmptyState } from '../../components/EmptyState';
import { useApi, useAppStore } from '../../store/StoreContext';
import { DemographicsPanel } from './DemographicsPanel';
import { ExportUsers } from './ExportUsers';
import { UserCards } from './UserCards';
import { UserDetail } from './UserDetail';
import { UsersCount } from './UsersCount';
import { UsersTable } from './UsersTable';
import { usePagedUsers, usersPosition, type SearchField } from './usePagedUsers';
import { jobOf, useUsersEstimate, useUsersJobs } from './useUsersJobs';

const PAGE_SIZES = [10, 25, 50, 100, 500, 1000];

/**
 * The users in Cassandra: table or cards, paging, exact search, detail, export and demographics. While it is open it
 * reads the current page and Cassandra's size estimate, nothing else; whole-table work happens only on request.
 */
export function UsersView() {
  const api = useApi();
  const paged = usePagedUsers(api);
  const jobs = useUsersJobs(api);
  const estimate = useUsersEstimate(api);
  const written = useAppStore((s) => s.metrics.at(-1)?.written.total ?? null);
  const [open, setOpen] = useState<UserRow | null>(null);
  const [field, setField] = useState<SearchField>(paged.search?.by ?? 'email');
  const [text, setText] = useState(paged.search?.value ?? '');
  const position = usersPosition(api);

  const list = (view: 'table' | 'cards') =>
    paged.error ? (
      <p role="alert" className="inline-error">
        Could not read users: {paged.error}
      </p>
    ) : paged.rows.length === 0 && !paged.loading ? (
      <EmptyState>
        {paged.search
          ? 'No user matches exactly. Search is exact: check the spelling and case.'
          : 'No users in the table yet — start the pipeline and the demo producer.'}
      </EmptyState>
    ) : view === 'table' ? (
      <UsersTable
        rows={paged.rows}
        onOpen={setOpen}
        scrollTop={position.getState().scrollTop}
        onScroll={(top) => position.setState({ scrollTop: top })}
      />
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
          paged.find(field, text);
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
        {paged.search ? (
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
          <ExportUsers job={jobOf(jobs, 'export')} search={paged.search} />
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
                disabled={paged.pageIndex === 0 || paged.search !== null}
              >
                <ChevronLeft size={14} aria-hidden="true" /> Previous
              </button>
              <span aria-live="polite" data-testid="page-label">
                {paged.search ? `${paged.rows.length} found` : `Page ${paged.pageIndex + 1}`}
              </span>
              <button type="button" className="button small" onClick={paged.next} disabled={!paged.hasNext}>
                Next <ChevronRight size={14} aria-hidden="true" />
              </button>
              <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                Page size
                <select value={paged.pageSize} onChange={(e) => paged.setPageSize(Number(e.target.value))}>
                  {PAGE_SIZES.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <UsersCount
                estimate={estimate}
                written={written}
                count={jobOf(jobs, 'count')}
                onCount={() => void api.users.countExactly()}
                onCancel={(id) => void api.users.cancelJob({ id })}
              />
            </div>
            {list(view)}
          </Tabs.Content>
        ))}
        <Tabs.Content value="demographics">
          <DemographicsPanel job={jobOf(jobs, 'demographics')} />
        </Tabs.Content>
      </Tabs.Root>
      <UserDetail user={open} onClose={() => setOpen(null)} />
    </div>
  );
}

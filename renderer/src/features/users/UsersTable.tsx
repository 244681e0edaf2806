import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { countryOf } from '../../../../shared/demographics';
import type { UserRow } from '../../../../shared/user';
import { Avatar } from '../../components/Avatar';

const ROW_HEIGHT = 33;
const COLUMNS = ['Name', 'Username', 'Email', 'Gender', 'Country', 'Registered'] as const;
const SORT_NOTE =
  'Rows come in Cassandra token order. Sorting by a column would mean reading the whole table, which Cassandra ' +
  'cannot serve; use exact search by email, username or id instead.';

/**
 * Users as a virtualised table (only the rows in view are in the DOM, so a 1,000-row page scrolls as lightly as 25);
 * a row opens the detail panel (click, Enter or Space). `scrollTop` is restored when the view comes back.
 */
export function UsersTable({
  rows,
  onOpen,
  scrollTop = 0,
  onScroll,
}: {
  rows: readonly UserRow[];
  onOpen(row: UserRow): void;
  scrollTop?: number;
  onScroll?(top: number): void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // Rendered before layout (and in tests without layout), assume a viewport's worth of rows.
    initialRect: { width: 1000, height: 600 },
    initialOffset: scrollTop,
  });
  useEffect(() => {
    if (scroller.current && scrollTop > 0) scroller.current.scrollTop = scrollTop;
    // Only on mount: afterwards the person's own scrolling wins.
  }, []);
  return (
    <div role="table" aria-label="Users" aria-rowcount={rows.length + 1} className="vtable">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="vtable-row vtable-head">
          <span role="columnheader" aria-label="Picture" />
          {COLUMNS.map((c) => (
            <span role="columnheader" key={c} title={SORT_NOTE}>
              {c}
            </span>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        ref={scroller}
        className="vtable-body"
        style={{ height: `min(60vh, ${virtual.getTotalSize() + 2}px)` }}
        onScroll={(e) => onScroll?.(e.currentTarget.scrollTop)}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                role="row"
                aria-rowindex={item.index + 2}
                key={row.id}
                className="vtable-row clickable"
                tabIndex={0}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                onClick={() => onOpen(row)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(row);
                  }
                }}
              >
                <span role="cell">
                  <Avatar src={row.picture} first={row.first_name} last={row.last_name} size={24} />
                </span>
                <span role="cell">
                  {row.first_name} {row.last_name}
                </span>
                <span role="cell">{row.username}</span>
                <span role="cell">{row.email}</span>
                <span role="cell">{row.gender}</span>
                <span role="cell">{countryOf(row.address)}</span>
                <span role="cell">{row.registered_date?.slice(0, 10)}</span>
              </div>
            );
          })}
        </div>
      </div>
      <p className="muted small" style={{ margin: '4px 0 0' }}>
        {SORT_NOTE}
      </p>
    </div>
  );
}

import type { ReactNode } from 'react';

/** What to show where a list is empty: what is missing and what to do next. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

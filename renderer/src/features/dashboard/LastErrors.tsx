import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { formatAgo } from '../../components/format';
import { useNow } from '../../components/useNow';
import { useAppStore } from '../../store/StoreContext';
import { formatProblem } from '../../../../shared/problem';

/** The five newest rejected messages, linking to the Errors view. */
export function LastErrors() {
  const errors = useAppStore((s) => s.errors);
  const now = useNow();
  return (
    <Panel title="Last errors" actions={<a href="#/errors">All errors</a>}>
      {errors.length === 0 ? (
        <EmptyState>No rejected messages. Bad messages will show here with the reason.</EmptyState>
      ) : (
        <ul className="error-list compact">
          {errors.slice(0, 5).map((e) => (
            <li key={e.id}>
              <span className="badge rejected">{e.problems[0]?.code ?? e.kind}</span>
              <span className="ellipsis">{e.problems[0] ? formatProblem(e.problems[0]) : 'rejected'}</span>
              <span className="muted small mono">
                p{e.origin.partition}@{e.origin.offset}
              </span>
              <span className="muted small">{formatAgo(e.at, now)}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

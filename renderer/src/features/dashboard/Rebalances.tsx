import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { formatClock } from '../../components/format';
import { describeRebalance, type Rebalance } from './rebalances';

/** The group's rebalances on the timeline, newest first: when, who joined or left, how many partitions moved. */
export function Rebalances({ rebalances }: { rebalances: readonly Rebalance[] }) {
  return (
    <Panel title="Rebalances" actions={<a href="#/workers">Workers</a>}>
      {rebalances.length === 0 ? (
        <EmptyState>No rebalances in the last 15 minutes: the group's members and partitions held steady.</EmptyState>
      ) : (
        <ol className="error-list compact" aria-label="Rebalances">
          {[...rebalances]
            .reverse()
            .slice(0, 8)
            .map((r) => (
              <li key={r.at} data-testid="rebalance">
                <span className="badge rebalance">rebalance</span>
                <span className="ellipsis">{describeRebalance(r)}</span>
                <span className="muted small" title={new Date(r.at).toISOString()}>
                  {formatClock(r.at)}
                </span>
              </li>
            ))}
        </ol>
      )}
    </Panel>
  );
}

import { Avatar } from '../../components/Avatar';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { formatAgo } from '../../components/format';
import { useNow } from '../../components/useNow';
import { useAppStore } from '../../store/StoreContext';
import { countryOf } from '../../../../shared/demographics';

/** The users just written, newest first. */
export function RecentUsersFeed() {
  const users = useAppStore((s) => s.recentUsers);
  const now = useNow();
  const newestFirst = users.slice(-12).reverse();
  return (
    <Panel title="Recent users" className="feed">
      {newestFirst.length === 0 ? (
        <EmptyState>No users yet — start the demo producer below, or point Settings at a cluster with data.</EmptyState>
      ) : (
        <ul className="feed-list" aria-label="Recent users">
          {newestFirst.map(({ row, writtenAt }) => (
            <li key={row.id} className="feed-item">
              <Avatar src={row.picture} first={row.first_name} last={row.last_name} />
              <div className="feed-main">
                <div className="feed-name">
                  {row.first_name} {row.last_name}
                </div>
                <div className="muted small">{countryOf(row.address)}</div>
              </div>
              <time
                className="muted small"
                dateTime={new Date(writtenAt).toISOString()}
                title={new Date(writtenAt).toLocaleString()}
              >
                {formatAgo(writtenAt, now)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

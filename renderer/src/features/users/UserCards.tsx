import type { UserRow } from '../../../../shared/user';
import { Avatar } from '../../components/Avatar';
import { countryOf } from '../../../../shared/demographics';

/** Users as a card grid with their pictures. */
export function UserCards({ rows, onOpen }: { rows: readonly UserRow[]; onOpen(row: UserRow): void }) {
  return (
    <ul className="cards" aria-label="User cards" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((row) => (
        <li key={row.id}>
          <button type="button" className="card" onClick={() => onOpen(row)} style={{ width: '100%' }}>
            <Avatar src={row.picture} first={row.first_name} last={row.last_name} size={48} />
            <span style={{ minWidth: 0 }}>
              <span className="feed-name" style={{ display: 'block' }}>
                {row.first_name} {row.last_name}
              </span>
              <span className="muted small ellipsis" style={{ display: 'block' }}>
                {row.email}
              </span>
              <span className="muted small">{countryOf(row.address)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

import type { UserRow } from '../../../../shared/user';
import { Avatar } from '../../components/Avatar';
import { countryOf } from '../dashboard/RecentUsersFeed';

/** Users as a table; a row opens the detail panel (click, Enter or Space). */
export function UsersTable({ rows, onOpen }: { rows: readonly UserRow[]; onOpen(row: UserRow): void }) {
  return (
    <table className="grid" aria-label="Users">
      <thead>
        <tr>
          <th scope="col" aria-label="Picture" />
          <th scope="col">Name</th>
          <th scope="col">Username</th>
          <th scope="col">Email</th>
          <th scope="col">Gender</th>
          <th scope="col">Country</th>
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            className="clickable"
            tabIndex={0}
            onClick={() => onOpen(row)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onOpen(row);
              }
            }}
          >
            <td>
              <Avatar src={row.picture} first={row.first_name} last={row.last_name} size={24} />
            </td>
            <td>
              {row.first_name} {row.last_name}
            </td>
            <td>{row.username}</td>
            <td>{row.email}</td>
            <td>{row.gender}</td>
            <td>{countryOf(row.address)}</td>
            <td>{row.registered_date?.slice(0, 10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

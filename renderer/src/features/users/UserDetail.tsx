import { Copy } from 'lucide-react';
import { useState } from 'react';
import { USER_COLUMNS, type UserRow } from '../../../../shared/user';
import { Avatar } from '../../components/Avatar';
import { Modal } from '../../components/Modal';

/** All twelve fields and the picture of one user, with "Copy as JSON". */
export function UserDetail({ user, onClose }: { user: UserRow | null; onClose(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    if (!user) return;
    try {
      await navigator.clipboard.writeText(JSON.stringify(user, null, 2));
      setCopied('Copied as JSON');
    } catch {
      setCopied('The clipboard is not available here: select the JSON below and copy it by hand');
    }
  };
  return (
    <Modal
      open={user !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(null);
          onClose();
        }
      }}
      title={user ? `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim() || user.id : 'User'}
      wide
    >
      {user ? (
        <>
          <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
            <Avatar src={user.picture} first={user.first_name} last={user.last_name} size={72} />
            <button type="button" className="button" onClick={() => void copy()}>
              <Copy size={14} aria-hidden="true" /> Copy as JSON
            </button>
            <span role="status" className="muted small">
              {copied}
            </span>
          </div>
          <dl className="fields" aria-label="User fields">
            {USER_COLUMNS.map((column) => (
              <div key={column} style={{ display: 'contents' }}>
                <dt>{column}</dt>
                <dd className={column === 'id' ? 'mono' : undefined}>
                  {user[column] ?? <span className="muted">null</span>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </Modal>
  );
}

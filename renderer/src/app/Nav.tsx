import { AlertTriangle, FileText, LayoutDashboard, Server, Settings, Users } from 'lucide-react';
import type { Route } from './useRoute';
import { useAppStore } from '../store/StoreContext';

const ITEMS: { route: Route; label: string; Icon: typeof Users }[] = [
  { route: 'dashboard', label: 'Dashboard', Icon: LayoutDashboard },
  { route: 'users', label: 'Users', Icon: Users },
  { route: 'errors', label: 'Errors', Icon: AlertTriangle },
  { route: 'workers', label: 'Workers', Icon: Server },
  { route: 'settings', label: 'Settings', Icon: Settings },
  { route: 'logs', label: 'Logs', Icon: FileText },
];

/** The left navigation: six links, the current one marked for assistive tech too. */
export function Nav({ current }: { current: Route }) {
  const errorCount = useAppStore((s) => s.errors.length);
  const version = useAppStore((s) => s.info?.version);
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Userstream
      </div>
      <ul>
        {ITEMS.map(({ route, label, Icon }) => (
          <li key={route}>
            <a href={`#/${route}`} aria-current={current === route ? 'page' : undefined}>
              <Icon size={16} aria-hidden="true" />
              {label}
              {route === 'errors' && errorCount > 0 ? (
                <span className="count rejected" aria-hidden="true" title={`${errorCount} rejected messages`}>
                  {errorCount > 99 ? '99+' : errorCount}
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
      <div className="nav-foot muted">{version ? `v${version}` : ''}</div>
    </nav>
  );
}

import { lazy, Suspense } from 'react';
import { Dashboard } from '../features/dashboard/Dashboard';
import { ProfileSwitcher } from '../features/settings/ProfileSwitcher';
import { Banners } from './Banners';
import { Nav } from './Nav';
import { PipelineControls } from './PipelineControls';
import { useRoute, type Route } from './useRoute';

const UsersView = lazy(() => import('../features/users/UsersView').then((m) => ({ default: m.UsersView })));
const ErrorsView = lazy(() => import('../features/errors/ErrorsView').then((m) => ({ default: m.ErrorsView })));
const SettingsView = lazy(() => import('../features/settings/SettingsView').then((m) => ({ default: m.SettingsView })));
const WorkersView = lazy(() => import('../features/workers/WorkersView').then((m) => ({ default: m.WorkersView })));
const LogsView = lazy(() => import('../features/logs/LogsView').then((m) => ({ default: m.LogsView })));

const TITLES: Record<Route, string> = {
  dashboard: 'Dashboard',
  users: 'Users',
  errors: 'Errors',
  workers: 'Workers',
  settings: 'Settings',
  logs: 'Logs',
};

function View({ route }: { route: Route }) {
  switch (route) {
    case 'dashboard':
      return <Dashboard />;
    case 'users':
      return <UsersView />;
    case 'errors':
      return <ErrorsView />;
    case 'workers':
      return <WorkersView />;
    case 'settings':
      return <SettingsView />;
    case 'logs':
      return <LogsView />;
  }
}

/** The shell: navigation on the left; state and controls on top; the current view below. */
export function App() {
  const route = useRoute();
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#content"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('content')?.focus();
        }}
      >
        Skip to content
      </a>
      <Nav current={route} />
      <div className="main">
        <header className="topbar">
          <h1 className="view-title">{TITLES[route]}</h1>
          <ProfileSwitcher />
          <PipelineControls />
        </header>
        <Banners />
        <main className="content" id="content" tabIndex={-1}>
          <Suspense fallback={<div className="empty">Loading…</div>}>
            <View route={route} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';

/** The views, in navigation order. */
export const ROUTES = ['dashboard', 'users', 'errors', 'workers', 'settings', 'logs'] as const;

/** One view. */
export type Route = (typeof ROUTES)[number];

/** `#/users` → `users`; anything else → `dashboard`. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'dashboard';
}

/** The current view, following the address hash (works under file:// in Electron and over http). */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

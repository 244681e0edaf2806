// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppProvider } from '../../app/AppProvider';
import { createAppStore } from '../../store/appStore';
import { createFakeApi } from '../../test/fakeApi';
import { UsersView } from './UsersView';

afterEach(cleanup);

function renderView(handlers: Record<string, (payload: unknown) => unknown> = {}) {
  const fake = createFakeApi({ handlers });
  const store = createAppStore();
  store.setState({ connected: true });
  const view = render(
    <AppProvider api={fake.api} store={store}>
      <UsersView />
    </AppProvider>,
  );
  return { fake, view, store };
}

describe('UsersView', () => {
  it("shows Cassandra's estimate as such and the table, and asks for nothing but the page and the estimate", async () => {
    const { fake } = renderView();
    expect((await screen.findByTestId('users-estimate')).textContent).toMatch(/^≈ 25 users \(Cassandra's estimate/);
    // The rows themselves are virtualised against a real layout: e2e/specs/users.spec.ts counts them.
    expect(await screen.findByRole('table', { name: 'Users' })).toBeTruthy();
    expect(screen.getAllByText(/Sorting by a column would mean reading the whole table/).length).toBeGreaterThan(0);
    const asked = new Set(fake.calls.map(([channel]) => channel).filter((c) => c.startsWith('users:')));
    expect([...asked].sort()).toEqual(['users:estimate', 'users:jobs', 'users:page']);
  });

  it('says when the estimate is unavailable and offers the exact count, which runs only when pressed', async () => {
    const { fake } = renderView({
      'users:estimate': () => ({ state: 'unavailable', reason: 'this cluster keeps no system.size_estimates', at: 0 }),
      'users:countExactly': () => ({ id: 'j1', kind: 'count', state: 'running' }),
    });
    expect((await screen.findByTestId('users-estimate')).textContent).toBe('estimate unavailable');
    expect(fake.calls.some(([c]) => c === 'users:countExactly')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Count exactly?' }));
    expect(fake.calls.some(([c]) => c === 'users:countExactly')).toBe(true);
  });
});

// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../store/appStore';
import { createFakeApi, status } from '../test/fakeApi';
import { App } from './App';
import { AppProvider } from './AppProvider';

afterEach(cleanup);

function renderApp(handlers: Record<string, (payload: unknown) => unknown> = {}) {
  const fake = createFakeApi({ handlers });
  const store = createAppStore();
  store.setState({ connected: true });
  render(
    <AppProvider api={fake.api} store={store}>
      <App />
    </AppProvider>,
  );
  return fake;
}

describe('App shell', () => {
  it('shows the pipeline state and the five views in the navigation', async () => {
    renderApp();
    const state = await screen.findByRole('status', { name: 'Pipeline state' });
    expect(await within(state).findByText('Running')).toBeTruthy();
    for (const name of ['Dashboard', 'Users', 'Errors', 'Settings', 'Logs'])
      expect(screen.getByRole('link', { name })).toBeTruthy();
    expect(screen.getByText(/Embedded dev stack/)).toBeTruthy();
  });

  it('pauses, resumes and stops, with the buttons following the state', async () => {
    const fake = renderApp();
    const state = await screen.findByRole('status', { name: 'Pipeline state' });
    await within(state).findByText('Running');
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pause' })));
    expect(await within(state).findByText('Paused')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Resume' })));
    expect(await within(state).findByText('Running')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(await within(state).findByText('Stopped')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(false);
    expect(fake.calls.map(([c]) => c)).toEqual(
      expect.arrayContaining(['pipeline:pause', 'pipeline:resume', 'pipeline:stop']),
    );
  });

  it('shows an empty state that says what to do when no users arrived yet', async () => {
    renderApp();
    expect(await screen.findByText(/No users yet — start the demo producer/)).toBeTruthy();
  });

  it('in a monitor, Start, Pause and Stop are off and say why', async () => {
    const fake = createFakeApi();
    const info = (await fake.api.app.info()) as { ok: true; value: object };
    renderApp({ 'app:info': () => ({ ...info.value, monitor: true }), 'pipeline:status': () => status('idle') });
    expect(await screen.findByTestId('monitor-only')).toBeTruthy();
    for (const name of ['Start', 'Pause', 'Stop'])
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Start' }).getAttribute('title')).toMatch(
      /^Monitor only: .* never consumes/,
    );
  });
});

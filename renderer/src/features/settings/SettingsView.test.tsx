// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppContext } from '../../store/StoreContext';
import { createAppStore } from '../../store/appStore';
import { createFakeApi } from '../../test/fakeApi';
import { SettingsView } from './SettingsView';

afterEach(cleanup);

function renderSettings(handlers: Record<string, (payload: unknown) => unknown> = {}) {
  const fake = createFakeApi({ handlers });
  render(
    <AppContext.Provider value={{ api: fake.api, store: createAppStore() }}>
      <SettingsView />
    </AppContext.Provider>,
  );
  return fake;
}

describe('SettingsView', () => {
  it('names the field of an invalid broker inline and blocks Save', async () => {
    renderSettings();
    const brokers = await screen.findByRole('textbox', { name: 'Brokers' });
    fireEvent.change(brokers, { target: { value: 'localhost:9092, no-port' } });
    expect(screen.getByText('Brokers (entry 2): expected a broker as host:port (e.g. localhost:9092)')).toBeTruthy();
    expect(brokers.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Save and restart pipeline' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('shows what Test Kafka found, in words a person can act on', async () => {
    const fake = renderSettings({
      'settings:testKafka': () => ({
        ok: true,
        value: {
          ok: false,
          code: 'unreachable',
          message: 'Could not reach 127.0.0.1:1: connection refused',
          details: {},
          elapsedMs: 12,
        },
      }),
    });
    const test = await screen.findByRole('button', { name: 'Test Kafka' });
    await act(async () => fireEvent.click(test));
    expect((await screen.findByRole('status')).textContent).toMatch(
      /Failed — Could not reach 127\.0\.0\.1:1: connection refused/,
    );
    expect(fake.calls.find(([c]) => c === 'settings:testKafka')?.[1]).toMatchObject({
      kafka: { brokers: ['localhost:9092'] },
    });
  });
});

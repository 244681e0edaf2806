// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppContext } from '../../store/StoreContext';
import { createAppStore } from '../../store/appStore';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { secretBinding } from '../../../../shared/secretBinding';
import { createFakeApi } from '../../test/fakeApi';
import { fakeSettingsView } from '../../test/fakeSettingsView';
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

  it('shows an environment-set field read-only with where it comes from, and tests the value it shows', async () => {
    const fake = renderSettings({
      'settings:get': () =>
        fakeSettingsView({
          origins: { 'kafka.brokers': { source: 'env', name: 'KAFKA_BROKER', value: ['envhost:9092'] } },
        }),
      'settings:testKafka': () => ({
        ok: true,
        value: { ok: true, code: 'ok', message: 'fine', details: {}, elapsedMs: 1 },
      }),
    });
    const brokers = await screen.findByRole('textbox', { name: 'Brokers' });
    expect((brokers as HTMLInputElement).value).toBe('envhost:9092');
    expect((brokers as HTMLInputElement).readOnly).toBe(true);
    expect(screen.getByText('from KAFKA_BROKER')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Topic' }), { target: { value: 'typed_topic' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Test Kafka' })));
    expect(fake.calls.find(([c]) => c === 'settings:testKafka')?.[1]).toMatchObject({
      kafka: { brokers: ['envhost:9092'], topic: 'typed_topic' },
    });
  });

  it('with the embedded stack on, the cluster fields show its addresses and cannot be edited', async () => {
    const settings = { ...DEFAULT_SETTINGS, devstack: { ...DEFAULT_SETTINGS.devstack, enabled: true } };
    renderSettings({
      'settings:get': () =>
        fakeSettingsView({
          settings,
          embedded: { kafka: '127.0.0.1:40001', cql: '127.0.0.1:40002' },
          origins: {
            'kafka.brokers': { source: 'embedded', value: ['127.0.0.1:40001'] },
            'cassandra.contactPoints': { source: 'embedded', value: ['127.0.0.1:40002'] },
          },
        }),
    });
    const brokers = (await screen.findByRole('textbox', { name: 'Brokers' })) as HTMLInputElement;
    expect(brokers.value).toBe('127.0.0.1:40001');
    expect(brokers.readOnly).toBe(true);
    expect((screen.getByRole('textbox', { name: 'Contact points' }) as HTMLInputElement).value).toBe('127.0.0.1:40002');
    // Turned off on the form: the profile's own cluster, editable.
    fireEvent.click(screen.getByRole('checkbox', { name: /Use the embedded dev stack/ }));
    expect(brokers.readOnly).toBe(false);
    expect(brokers.value).toBe('localhost:9092');
  });

  it('asks for a stored password again when the host it was entered for changes; browser mode says it lasts one run', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      kafka: { ...DEFAULT_SETTINGS.kafka, sasl: { mechanism: 'plain' as const, username: 'app', password: '' } },
    };
    renderSettings({
      'settings:get': () =>
        fakeSettingsView({
          settings,
          secretStorage: 'memory',
          passwords: { kafka: { stored: true, boundTo: secretBinding('kafka', settings), envBoundTo: null } },
        }),
    });
    const brokers = await screen.findByRole('textbox', { name: 'Brokers' });
    expect(screen.getAllByText(/passwords last for this run only/)).toHaveLength(2);
    fireEvent.change(brokers, { target: { value: 'elsewhere:9092' } });
    expect(screen.getByText('SASL password: enter the password again for the new host')).toBeTruthy();
    const save = screen.getByRole('button', { name: 'Save and restart pipeline' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('SASL password'), { target: { value: 'typed-again' } });
    expect(screen.queryByText('SASL password: enter the password again for the new host')).toBeNull();
    expect(save.disabled).toBe(false);
  });

  it('shows the new profile when another one is switched to from the header', async () => {
    let active = 'default';
    const fake = renderSettings({
      'settings:get': () => {
        const view = fakeSettingsView();
        const profiles = [
          { id: 'default', name: 'Cluster', embedded: false },
          { id: 'staging', name: 'Staging', embedded: false },
        ];
        return { ...view, profiles: { active, profiles } };
      },
    });
    expect(await screen.findByText('Cluster', { selector: 'p strong' })).toBeTruthy();
    active = 'staging';
    await act(async () =>
      fake.emit('settings:profiles', {
        active,
        profiles: [{ id: 'staging', name: 'Staging', embedded: false }],
      }),
    );
    expect(fake.calls.filter(([c]) => c === 'settings:get')).toHaveLength(2);
    expect(await screen.findByText(/Editing the profile/)).toBeTruthy();
    expect(screen.getByText('Staging', { selector: 'p strong' })).toBeTruthy();
  });

  it('opens an environment-set password for typing when the host it was given for changes', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      kafka: { ...DEFAULT_SETTINGS.kafka, sasl: { mechanism: 'plain' as const, username: 'app', password: '' } },
    };
    renderSettings({
      'settings:get': () =>
        fakeSettingsView({
          settings,
          origins: { 'kafka.sasl.password': { source: 'env', name: 'KAFKA_SASL_PASSWORD', value: '' } },
          passwords: { kafka: { stored: false, boundTo: null, envBoundTo: secretBinding('kafka', settings) } },
        }),
    });
    const password = (await screen.findByLabelText('SASL password')) as HTMLInputElement;
    expect(password.readOnly).toBe(true);
    expect(screen.getByText('from KAFKA_SASL_PASSWORD')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Brokers' }), { target: { value: 'elsewhere:9092' } });
    expect(screen.getByText('SASL password: enter the password again for the new host')).toBeTruthy();
    expect(password.readOnly).toBe(false);
  });
});

// @vitest-environment happy-dom
// The Workers view from a fake api: every worker with its partitions, heartbeat word and state; updates replace it.
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FleetWorker } from '../../../../shared/fleet';
import { AppContext } from '../../store/StoreContext';
import { createAppStore } from '../../store/appStore';
import { createFakeApi } from '../../test/fakeApi';
import { fleetView, fleetWorker } from '../../test/fleetFixtures';
import { WorkersView } from './WorkersView';

const worker = fleetWorker;
const fleet = (workers: FleetWorker[]) => fleetView(workers);

describe('WorkersView', () => {
  it('lists every worker with partitions and heartbeat state, and follows updates', async () => {
    const fake = createFakeApi({ handlers: { 'fleet:view': () => fleet([worker(0), worker(1), worker(2)]) } });
    render(
      <AppContext.Provider value={{ api: fake.api, store: createAppStore() }}>
        <WorkersView />
      </AppContext.Provider>,
    );
    const table = await screen.findByRole('table', { name: 'Workers' });
    expect(within(table).getAllByTestId('worker-row')).toHaveLength(3);
    expect(screen.getByTestId('fleet-summary').textContent).toMatch(/3 of 3 partitions assigned, 0 stale/);
    act(() =>
      fake.emit(
        'fleet:update',
        fleet([worker(0, { liveness: 'stale' }), worker(1), worker(2, { liveness: 'gone', inGroup: false })]),
      ),
    );
    expect(within(table).getByText('Stale')).toBeTruthy();
    expect(within(table).getByText('Gone')).toBeTruthy();
  });
});

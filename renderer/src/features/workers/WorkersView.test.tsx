// @vitest-environment happy-dom
// The Workers view from a fake api: every worker with its partitions, heartbeat word and state; updates replace it.
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FleetView, FleetWorker } from '../../../../shared/fleet';
import { AppContext } from '../../store/StoreContext';
import { createAppStore } from '../../store/appStore';
import { createFakeApi } from '../../test/fakeApi';
import { WorkersView } from './WorkersView';

const worker = (n: number, over: Partial<FleetWorker> = {}): FleetWorker => ({
  key: `w${n}`,
  workerId: `w${n}`,
  memberId: `m${n}`,
  clientId: `userstream-w${n}`,
  host: '10.0.0.1',
  pid: 100 + n,
  inGroup: true,
  partitions: [n],
  state: 'running',
  liveness: 'live',
  rates: { consumed: 10, written: 10, rejected: 0 },
  lag: 0,
  p99Ms: 12,
  lastSeen: Date.now(),
  lastError: null,
  version: '0.1.0',
  ...over,
});
const fleet = (workers: FleetWorker[]): FleetView => ({
  at: Date.now(),
  groupId: 'userstream',
  topic: 'users_created',
  topicPartitions: 3,
  totalLag: 0,
  workers,
  error: null,
});

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

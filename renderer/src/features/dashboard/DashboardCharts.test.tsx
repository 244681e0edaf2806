// @vitest-environment happy-dom
// The Dashboard's timeline shows the group's rebalances: a line on the charts at the moment, and the list saying who
// left or joined — from the pipeline's metrics, or from the fleet reader in a monitor (which has no metrics).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupMember } from '../../../../shared/metrics';
import { AppContext } from '../../store/StoreContext';
import { createAppStore, INITIAL_STATE, type AppState } from '../../store/appStore';
import { createFakeApi, snapshot } from '../../test/fakeApi';
import { DashboardCharts } from './DashboardCharts';

afterEach(cleanup);

const m = (id: string, partitions: number[]): GroupMember => ({
  memberId: `${id}-member`,
  clientId: `userstream-${id}`,
  clientHost: '/127.0.0.1',
  partitions,
});
const three = [m('a', [0]), m('b', [1]), m('c', [2])];
const two = [m('a', [0, 2]), m('b', [1])];
/** The group over 40 s: three members, then c's session times out at 20 s and a takes its partition. */
const timeline = Array.from({ length: 40 }, (_, i) => ({ at: 1_000_000 + i * 1000, members: i < 20 ? three : two }));

function renderWith(state: Partial<AppState>) {
  const store = createAppStore();
  store.setState({ ...INITIAL_STATE, ...state });
  render(
    <AppContext.Provider value={{ api: createFakeApi().api, store }}>
      <DashboardCharts />
    </AppContext.Provider>,
  );
}

describe('DashboardCharts rebalances', () => {
  it("marks the pipeline's view of a rebalance on the charts and lists it", () => {
    renderWith({ metrics: timeline.map((t) => ({ ...snapshot(t.at, 0), members: t.members })) });
    const list = screen.getByRole('region', { name: 'Rebalances' });
    const items = within(list).getAllByTestId('rebalance');
    expect(items).toHaveLength(1);
    expect(items[0]!.textContent).toContain('userstream-c left · 1 partition moved · 2 members');
    // One line on the throughput chart and one on the lag chart, saying what happened on hover.
    const markers = screen.getAllByTestId('chart-marker');
    expect(markers).toHaveLength(2);
    expect(markers[0]!.textContent).toBe('Rebalance: userstream-c left · 1 partition moved · 2 members');
  });

  it('in a monitor, lists what the fleet reader saw; a steady group says so', () => {
    renderWith({
      info: { version: '0', embedded: false, dataDir: '/d', logFile: '/l', devstack: null, host: 'web', monitor: true },
      metrics: [],
      groupSamples: timeline,
    });
    expect(within(screen.getByRole('region', { name: 'Rebalances' })).getByTestId('rebalance').textContent).toContain(
      'userstream-c left',
    );
    cleanup();
    renderWith({ metrics: timeline.map((t) => ({ ...snapshot(t.at, 0), members: three })) });
    expect(screen.getByRole('region', { name: 'Rebalances' }).textContent).toMatch(
      /No rebalances in the last 15 minutes/,
    );
    expect(screen.queryAllByTestId('chart-marker')).toHaveLength(0);
  });
});

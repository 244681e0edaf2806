import type { StoreApi } from 'zustand/vanilla';
import type { Api } from '../../../shared/ipc';
import { reduceUpdates, type AppState, type StoreUpdate } from '../store/appStore';
import { createFrameBatcher, type FrameScheduler } from '../store/frameBatcher';
import { fleetMembers, fleetSnapshot } from '../store/fleetSnapshot';

/** How often the host sends a fleet view (the fleet reader's poll). */
const FLEET_INTERVAL_MS = 1_000;

/**
 * Loads the initial state and binds every host event to the store, once. Stream updates are committed at most once per
 * animation frame. Returns a function that unsubscribes everything.
 */
export function bindApi(api: Api, store: StoreApi<AppState>, schedule?: FrameScheduler): () => void {
  const batcher = createFrameBatcher<StoreUpdate>(
    (updates) => store.setState(reduceUpdates(store.getState(), updates), true),
    schedule,
  );
  const push = (u: StoreUpdate) => batcher.push(u);
  const offs = [
    api.pipeline.onStatus((status) => push({ kind: 'status', status })),
    api.pipeline.onMetrics((snapshot) => push({ kind: 'metrics', snapshots: [snapshot] })),
    api.pipeline.onUsers((users) => push({ kind: 'users', users })),
    api.errors.onAdded((errors) => push({ kind: 'errors', errors })),
    api.logs.onLines((lines) => push({ kind: 'logs', lines })),
    api.producer.onStatus((producer) => push({ kind: 'producer', producer })),
    api.fleet.onUpdate((view) => {
      push({ kind: 'group', sample: { at: view.at, members: fleetMembers(view) } });
      // A monitor runs no pipeline: its Dashboard's figures and charts come from the fleet instead.
      if (store.getState().info?.monitor)
        push({ kind: 'metrics', snapshots: [fleetSnapshot(view, FLEET_INTERVAL_MS)] });
    }),
    // Another profile in force: the facts (embedded stack on or off, its addresses) changed with it.
    api.settings.onProfiles(
      () => void api.app.info().then((info) => info.ok && push({ kind: 'info', info: info.value })),
    ),
  ];
  void loadInitial(api, push);
  return () => offs.forEach((off) => off());
}

/** Fetches what the streams only add to: history, the feed, errors, logs, status and facts. */
export async function loadInitial(api: Api, push: (u: StoreUpdate) => void): Promise<void> {
  const [info, status, history, users, errors, logs, producer] = await Promise.all([
    api.app.info(),
    api.pipeline.status(),
    api.pipeline.metricsHistory(),
    api.pipeline.recentUsers(),
    api.errors.list({ limit: 500 }),
    api.logs.recent(),
    api.producer.status(),
  ]);
  if (info.ok) push({ kind: 'info', info: info.value });
  if (status.ok) push({ kind: 'status', status: status.value });
  if (history.ok) push({ kind: 'metrics', snapshots: history.value.slice(-900), replace: true });
  if (users.ok) push({ kind: 'users', users: users.value, replace: true });
  if (errors.ok) push({ kind: 'errors', errors: errors.value, replace: true });
  if (logs.ok) push({ kind: 'logs', lines: logs.value, replace: true });
  if (producer.ok) push({ kind: 'producer', producer: producer.value });
}

import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store/appStore';
import { createFakeApi, snapshot, status } from '../test/fakeApi';
import { fleetView, fleetWorker } from '../test/fleetFixtures';
import { bindApi } from './bindApi';

describe('bindApi', () => {
  it('commits a burst of stream events to the store once per animation frame', async () => {
    const { api, emit } = createFakeApi();
    const store = createAppStore();
    const frames: (() => void)[] = [];
    bindApi(api, store, (cb) => frames.push(cb));
    // Let the initial loads land, then run their frame.
    await new Promise((r) => setTimeout(r, 0));
    frames.splice(0).forEach((f) => f());
    const before = store.getState().commits;
    for (let i = 1; i <= 50; i++) emit('pipeline:metrics', snapshot(i * 1000, i));
    emit('pipeline:status', status('paused'));
    expect(store.getState().commits).toBe(before);
    expect(frames).toHaveLength(1);
    frames.splice(0).forEach((f) => f());
    const after = store.getState();
    expect(after.commits).toBe(before + 1);
    expect(after.metrics).toHaveLength(50);
    expect(after.status?.state).toBe('paused');
  });

  it('keeps metrics in time order and bounded', async () => {
    const { api, emit } = createFakeApi();
    const store = createAppStore();
    const frames: (() => void)[] = [];
    bindApi(api, store, (cb) => frames.push(cb));
    for (let i = 1; i <= 1000; i++) emit('pipeline:metrics', snapshot(i, i));
    emit('pipeline:metrics', snapshot(5, 5));
    frames.splice(0).forEach((f) => f());
    const at = store.getState().metrics.map((m) => m.at);
    expect(at).toHaveLength(900);
    expect(at.at(-1)).toBe(1000);
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('a monitor (%s) charts the fleet: each fleet view becomes a metrics snapshot (%i)', async (monitor, count) => {
    const { api, emit } = createFakeApi({
      handlers: {
        'app:info': () => ({
          version: '0',
          embedded: false,
          dataDir: '/d',
          logFile: '/l',
          devstack: null,
          host: 'web',
          monitor,
        }),
      },
    });
    const store = createAppStore();
    const frames: (() => void)[] = [];
    bindApi(api, store, (cb) => frames.push(cb));
    await new Promise((r) => setTimeout(r, 0));
    frames.splice(0).forEach((f) => f());
    emit(
      'fleet:update',
      fleetView([fleetWorker(0), fleetWorker(1, { rates: { consumed: 5, written: 4, rejected: 1 } })]),
    );
    frames.splice(0).forEach((f) => f());
    const { metrics, groupSamples } = store.getState();
    expect(groupSamples.at(-1)?.members).toHaveLength(2);
    expect(metrics).toHaveLength(count);
    if (monitor) expect(metrics[0]).toMatchObject({ written: { perSecond: 14 }, fleet: { workers: 2 } });
  });
});

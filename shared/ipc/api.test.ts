import { describe, expect, it } from 'vitest';
import { buildApi, createDispatcher, EVENT_CHANNELS, METHOD_CHANNELS, validateRequest, type Handlers } from './index';

describe('the contract', () => {
  it('derives channel names as domain:name', () => {
    expect([...METHOD_CHANNELS.keys()]).toEqual(
      expect.arrayContaining(['pipeline:start', 'users:page', 'settings:testKafka']),
    );
    expect([...EVENT_CHANNELS.keys()]).toEqual(
      expect.arrayContaining(['pipeline:metrics', 'errors:added', 'logs:lines']),
    );
  });

  it('builds window.api with methods and onX listeners from the contract', async () => {
    const calls: [string, unknown][] = [];
    const subs: string[] = [];
    const api = buildApi({
      invoke: async (channel, payload) => {
        calls.push([channel, payload]);
        return { ok: true, value: 'answer' };
      },
      subscribe: (channel) => {
        subs.push(channel);
        return () => undefined;
      },
    });
    expect(await api.pipeline.start()).toEqual({ ok: true, value: 'answer' });
    await api.users.page({ pageSize: 10, pageState: null });
    api.pipeline.onMetrics(() => undefined);
    expect(calls).toEqual([
      ['pipeline:start', undefined],
      ['users:page', { pageSize: 10, pageState: null }],
    ]);
    expect(subs).toEqual(['pipeline:metrics']);
    expect(Object.isFrozen(api) && Object.isFrozen(api.pipeline)).toBe(true);
  });

  it('rejects payloads that do not match the schema, naming the field', () => {
    const bad = validateRequest('users:page', { pageSize: 0, pageState: null });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/pageSize/);
    expect(validateRequest('pipeline:start', { sneaky: true }).ok).toBe(false);
    expect(validateRequest('fs:read', '/etc/passwd').ok).toBe(false);
  });

  it('dispatches validated payloads and turns a throwing handler into an error result', async () => {
    const handlers = {
      pipeline: {
        start: async () => {
          throw new Error('boom');
        },
      },
      users: { jobs: async () => ({ ok: true, value: 3 }) },
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers);
    expect(await dispatch('users:jobs', undefined)).toEqual({ ok: true, value: 3 });
    expect(await dispatch('pipeline:start', undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    expect(await dispatch('users:page', { pageSize: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});

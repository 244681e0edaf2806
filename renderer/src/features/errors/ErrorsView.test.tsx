// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineErrorRecord } from '../../../../shared/errorRecord';
import { AppContext } from '../../store/StoreContext';
import { createAppStore } from '../../store/appStore';
import { createFakeApi } from '../../test/fakeApi';
import { ErrorsView } from './ErrorsView';

afterEach(cleanup);

const record = (offset: number, code: 'not_json' | 'wrong_type'): PipelineErrorRecord => ({
  id: `users_created/0/${offset}`,
  at: 1_700_000_000_000 + offset,
  kind: 'decode',
  origin: { topic: 'users_created', partition: 0, offset: String(offset), timestamp: 0 },
  key: null,
  value: {
    encoding: 'utf8',
    text: code === 'not_json' ? '{"first_name": ' : '{"first_name": 42}',
    bytes: 16,
    truncated: false,
  },
  problems: [
    {
      field: code === 'not_json' ? 'value' : 'first_name',
      code,
      message: code === 'not_json' ? 'is not valid JSON' : 'expected string, got number',
    },
  ],
  deadLettered: true,
});

describe('ErrorsView', () => {
  it('filters by reason, and replays an edited message once it is valid JSON', async () => {
    const fake = createFakeApi({ handlers: { 'errors:replay': () => ({ partition: 2, offset: '41' }) } });
    const store = createAppStore();
    store.setState({ errors: [record(2, 'wrong_type'), record(1, 'not_json')] });
    render(
      <AppContext.Provider value={{ api: fake.api, store }}>
        <ErrorsView />
      </AppContext.Provider>,
    );
    const table = screen.getByRole('table', { name: 'Rejected messages' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByRole('combobox', { name: 'Reason' }), { target: { value: 'not_json' } });
    expect(within(table).getAllByRole('row')).toHaveLength(2);

    fireEvent.click(within(table).getAllByRole('row')[1]!);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('list', { name: 'Problems' }).textContent).toContain('value: is not valid JSON');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Edit and replay' }));
    expect(within(dialog).getByText(/Not valid JSON/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Replay to topic' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '{"first_name": "Ada"}' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Replay to topic' })));
    expect(within(dialog).getByRole('status').textContent).toBe('Replayed to users_created partition 2 at offset 41.');
    expect(fake.calls.find(([c]) => c === 'errors:replay')?.[1]).toEqual({
      id: 'users_created/0/1',
      value: '{"first_name": "Ada"}',
    });
  });
});

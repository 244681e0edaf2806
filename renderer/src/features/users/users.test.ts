import { describe, expect, it } from 'vitest';
import { createFakeApi, user } from '../../test/fakeApi';
import { computeDemographics } from './demographics';
import { usersToCsv } from './exportFormat';
import { scanUsers } from './scanUsers';

describe('users export and demographics', () => {
  it('scans every page once, in order, with progress', async () => {
    const { api } = createFakeApi({ users: Array.from({ length: 2345 }, (_, i) => user(i)) });
    const progress: number[] = [];
    const result = await scanUsers(api, { pageSize: 1000, onProgress: (n) => progress.push(n) });
    expect(result.complete).toBe(true);
    expect(new Set(result.rows.map((r) => r.id)).size).toBe(2345);
    expect(progress).toEqual([1000, 2000, 2345]);
  });

  it('stops when cancelled and says so', async () => {
    const { api } = createFakeApi({ users: Array.from({ length: 3000 }, (_, i) => user(i)) });
    const controller = new AbortController();
    const result = await scanUsers(api, {
      pageSize: 1000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result).toMatchObject({ complete: false, cancelled: true });
    expect(result.rows).toHaveLength(1000);
  });

  it('writes CSV with a header, quoting and formula defusing', () => {
    const row = { ...user(1), address: 'a, "b"', first_name: '=cmd()' };
    const csv = usersToCsv([row]).trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).toBe(
      'id,first_name,last_name,dob,gender,address,postal_code,username,email,phone,registered_date,picture',
    );
    expect(csv[1]).toContain(`'=cmd()`);
    expect(csv[1]).toContain('"a, ""b"""');
  });

  it('counts gender, ages by decade, countries and registration years', () => {
    const d = computeDemographics([user(1), user(2), { ...user(3), dob: null }], Date.parse('2025-06-01'));
    expect(d.total).toBe(3);
    expect(d.gender).toEqual([
      ['female', 2],
      ['male', 1],
    ]);
    expect(d.ages).toEqual([
      ['30–39', 2],
      ['unknown', 1],
    ]);
    expect(d.registrationsPerYear).toEqual([['2020', 3]]);
  });
});

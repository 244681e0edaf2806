import { describe, expect, it } from 'vitest';
import { computeDemographics, createDemographicsAccumulator, MAX_KEYS } from './demographics';
import type { UserRow } from './user';

const user = (n: number): UserRow => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  first_name: 'F',
  last_name: 'L',
  dob: '1990-01-01T00:00:00.000Z',
  gender: n % 2 ? 'female' : 'male',
  address: `1 Road, Town, Country${n % 3}`,
  postal_code: '123',
  username: `user${n}`,
  email: `user${n}@example.com`,
  phone: '555',
  registered_date: '2020-01-01T00:00:00.000Z',
  picture: null,
});

describe('demographics', () => {
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

  it('keeps at most MAX_KEYS distinct values per counter; the rest count as other', () => {
    const acc = createDemographicsAccumulator(Date.parse('2025-06-01'));
    for (let i = 0; i < MAX_KEYS + 50; i++) acc.add({ ...user(i), gender: `g${i}` });
    const d = acc.result();
    expect(d.gender).toHaveLength(MAX_KEYS + 1);
    expect(d.gender.find(([k]) => k === 'other')?.[1]).toBe(50);
    expect(d.total).toBe(MAX_KEYS + 50);
  });
});

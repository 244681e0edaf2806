import type { UserRow } from '../../../../shared/user';
import { countryOf } from '../dashboard/RecentUsersFeed';

/** Counts over a set of users, for the Demographics tab. */
export interface Demographics {
  total: number;
  gender: [string, number][];
  /** Age by decade: `20–29` → count. */
  ages: [string, number][];
  countries: [string, number][];
  registrationsPerYear: [string, number][];
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);

/** Gender split, age histogram, top countries and registrations per year; unknowns are counted as such. */
export function computeDemographics(rows: readonly UserRow[], now: number = Date.now()): Demographics {
  const gender = new Map<string, number>();
  const ages = new Map<string, number>();
  const countries = new Map<string, number>();
  const years = new Map<string, number>();
  for (const row of rows) {
    bump(gender, row.gender?.trim() || 'unknown');
    const born = row.dob ? Date.parse(row.dob) : NaN;
    if (Number.isFinite(born)) {
      const age = Math.floor((now - born) / (365.25 * 24 * 3600 * 1000));
      const decade = Math.max(0, Math.floor(age / 10) * 10);
      bump(ages, `${decade}–${decade + 9}`);
    } else bump(ages, 'unknown');
    bump(countries, countryOf(row.address));
    const registered = row.registered_date ? new Date(row.registered_date) : null;
    bump(years, registered && !Number.isNaN(registered.getTime()) ? String(registered.getUTCFullYear()) : 'unknown');
  }
  return {
    total: rows.length,
    gender: sorted(gender),
    ages: [...ages.entries()].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })),
    countries: sorted(countries).slice(0, 10),
    registrationsPerYear: [...years.entries()].sort((a, b) => a[0].localeCompare(b[0])),
  };
}

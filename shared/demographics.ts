// Demographics over users as they stream past: a few counters, so the core can aggregate ten million rows in constant
// memory. Free-text keys (gender, country) are capped: past MAX_KEYS distinct values, new ones count as "other".
import type { UserRow } from './user';

/** Counts over a set of users, for the Demographics tab. */
export interface Demographics {
  total: number;
  gender: [string, number][];
  /** Age by decade: `20–29` → count. */
  ages: [string, number][];
  /** The ten most common countries. */
  countries: [string, number][];
  registrationsPerYear: [string, number][];
}

/** The last comma-separated part of an address (the seed's format ends with the country); `—` when there is none. */
export function countryOf(address: string | null): string {
  const parts =
    address
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return parts.at(-1) ?? '—';
}

/** Distinct keys kept per counter; a hostile or odd table cannot grow the aggregate past this. */
export const MAX_KEYS = 1000;

/** The columns demographics read (the scan asks for these only). */
export const DEMOGRAPHICS_COLUMNS = ['gender', 'dob', 'address', 'registered_date'] as const;

/** The subset of a user row demographics look at. */
export type DemographicsRow = Pick<UserRow, (typeof DEMOGRAPHICS_COLUMNS)[number]>;

/** A running aggregate: `add` rows as they arrive, `result` at any time. */
export interface DemographicsAccumulator {
  add(row: DemographicsRow): void;
  readonly total: number;
  result(): Demographics;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);

/** Gender split, age histogram, top countries and registrations per year; unknowns are counted as such. */
export function createDemographicsAccumulator(now: number = Date.now()): DemographicsAccumulator {
  const gender = new Map<string, number>();
  const ages = new Map<string, number>();
  const countries = new Map<string, number>();
  const years = new Map<string, number>();
  let total = 0;
  const bump = (map: Map<string, number>, key: string) => {
    const n = map.get(key);
    if (n !== undefined) map.set(key, n + 1);
    else if (map.size < MAX_KEYS) map.set(key, 1);
    else map.set('other', (map.get('other') ?? 0) + 1);
  };
  return {
    add(row) {
      total++;
      bump(gender, row.gender?.trim() || 'unknown');
      const born = row.dob ? Date.parse(row.dob) : NaN;
      if (Number.isFinite(born)) {
        const decade = Math.max(0, Math.floor(Math.floor((now - born) / YEAR_MS) / 10) * 10);
        bump(ages, `${decade}–${decade + 9}`);
      } else bump(ages, 'unknown');
      bump(countries, countryOf(row.address));
      const registered = row.registered_date ? new Date(row.registered_date) : null;
      bump(years, registered && !Number.isNaN(registered.getTime()) ? String(registered.getUTCFullYear()) : 'unknown');
    },
    get total() {
      return total;
    },
    result: () => ({
      total,
      gender: sorted(gender),
      ages: [...ages.entries()].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true })),
      countries: sorted(countries).slice(0, 10),
      registrationsPerYear: [...years.entries()].sort((a, b) => a[0].localeCompare(b[0])),
    }),
  };
}

/** Demographics of a finite list of rows (tests, small sets). */
export function computeDemographics(rows: Iterable<DemographicsRow>, now: number = Date.now()): Demographics {
  const acc = createDemographicsAccumulator(now);
  for (const row of rows) acc.add(row);
  return acc.result();
}

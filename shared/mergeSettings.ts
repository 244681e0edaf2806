import type { SettingsInput } from './settings';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Layers settings inputs, later ones winning field by field: defaults ← settings file ← environment ← flags.
 * Arrays and scalars replace; objects merge; `undefined` leaves the earlier value.
 */
export function mergeSettings(...layers: readonly (SettingsInput | undefined)[]): SettingsInput {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (!isPlainObject(a) || !isPlainObject(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) out[key] = merge(a[key], value);
    return out;
  };
  return layers.reduce<unknown>((acc, layer) => merge(acc, layer), {}) as SettingsInput;
}

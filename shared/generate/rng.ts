// A small seedable PRNG (sfc32, seeded through splitmix32) so a generator's whole output follows from its seed:
// faker's own instances share it too, making every value reproducible across runs and machines.

/** Deterministic random source. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** 32 random bits as an unsigned integer. */
  uint32(): number;
}

function splitmix32(state: number): () => number {
  let s = state | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** An sfc32 generator whose 128-bit state is expanded from `seed` (any safe integer). */
export function createRng(seed: number): Rng {
  const mix = splitmix32((seed % 0x1_0000_0000) ^ Math.floor(seed / 0x1_0000_0000));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) uint32(); // discard the first outputs, as sfc32's authors advise
  const next = (): number => uint32() / 0x1_0000_0000;
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    uint32,
    between: (min, max) => min + int(max - min + 1),
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
  };
}

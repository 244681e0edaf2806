// randomuser.me-style usernames ("yellowpeacock117"), made unique per generator: the n-th good user gets the n-th
// value of a seeded permutation, so 10k or 1M produced users are 10k or 1M distinct rows after id derivation.
import type { Rng } from './rng';

const ADJECTIVES = [
  'yellow',
  'heavy',
  'purple',
  'big',
  'orange',
  'happy',
  'silver',
  'lazy',
  'tiny',
  'sad',
  'ticklish',
  'brown',
  'organic',
  'black',
  'white',
  'red',
  'blue',
  'green',
  'crazy',
  'beautiful',
  'angry',
  'golden',
  'small',
  'smart',
  'fierce',
  'goofy',
  'proud',
  'quiet',
  'wild',
  'brave',
  'calm',
  'lucky',
  'sleepy',
  'shy',
  'clever',
  'jolly',
  'gentle',
  'noisy',
  'swift',
  'bright',
] as const;
const ANIMALS = [
  'peacock',
  'wolf',
  'zebra',
  'bird',
  'duck',
  'lion',
  'tiger',
  'rabbit',
  'fish',
  'elephant',
  'goose',
  'butterfly',
  'koala',
  'bear',
  'frog',
  'leopard',
  'swan',
  'panda',
  'cat',
  'dog',
  'gorilla',
  'meercat',
  'ladybug',
  'snake',
  'owl',
  'fox',
  'otter',
  'falcon',
  'horse',
  'monkey',
  'beaver',
  'camel',
  'crab',
  'deer',
  'eagle',
  'goat',
  'kangaroo',
  'lemur',
  'moose',
  'penguin',
] as const;
const NUMBERS = 900; // 100..999, three digits like randomuser.me
const SPACE = ADJECTIVES.length * ANIMALS.length * NUMBERS;

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

/** Username for the n-th user: a bijection of [0, SPACE), then larger numbers once the space is used up. */
export function createUsernameSequence(rng: Rng): (index: number) => string {
  let multiplier = 1 + rng.int(SPACE - 1);
  while (gcd(multiplier, SPACE) !== 1) multiplier++;
  const offset = rng.int(SPACE);
  return (index) => {
    const round = Math.floor(index / SPACE);
    const p = ((((index % SPACE) * multiplier) % SPACE) + offset) % SPACE;
    const adjective = ADJECTIVES[p % ADJECTIVES.length]!;
    const animal = ANIMALS[Math.floor(p / ADJECTIVES.length) % ANIMALS.length]!;
    const number = 100 + Math.floor(p / (ADJECTIVES.length * ANIMALS.length)) + round * 1000;
    return `${adjective}${animal}${number}`;
  };
}

/** A random (not necessarily unique) username, for bad messages. */
export function randomUsername(rng: Rng): string {
  return `${rng.pick(ADJECTIVES)}${rng.pick(ANIMALS)}${rng.between(100, 999)}`;
}

// One realistic user in the shape randomuser.me gives the seed's producer, drawn from a seeded RNG.
import { Faker, base, en, type Randomizer } from '@faker-js/faker';
import { NATIONALITIES, type Nationality } from './nationalities';
import type { Rng } from './rng';

/** A user's fields before a producer format orders and names them. */
export interface RandomUser {
  first_name: string;
  last_name: string;
  dob: string;
  gender: 'male' | 'female';
  address: string;
  /** randomuser.me passes numeric postcodes through as JSON numbers; letters or a leading zero keep it a string. */
  postal_code: string | number;
  username: string;
  email: string;
  phone: string;
  registered_date: string;
  picture: string;
}

const DOB_FROM = Date.UTC(1945, 0, 1);
const DOB_TO = Date.UTC(2006, 11, 31);
const REGISTERED_FROM = Date.UTC(2002, 0, 1);
const REGISTERED_TO = Date.UTC(2022, 11, 31);

/** Makes users from one RNG; every faker instance draws from that RNG, so the output follows from the seed alone. */
export function createRandomUserSource(rng: Rng): (username: string) => RandomUser {
  const randomizer: Randomizer = { next: () => rng.next(), seed: () => undefined };
  const fakers = new Map<Nationality, Faker>();
  const fakerFor = (nationality: Nationality): Faker => {
    let faker = fakers.get(nationality);
    if (!faker) {
      faker = new Faker({ locale: [nationality.locale, en, base], randomizer });
      fakers.set(nationality, faker);
    }
    return faker;
  };
  const isoBetween = (from: number, to: number): string =>
    new Date(from + Math.floor(rng.next() * (to - from))).toISOString();

  return (username) => {
    const nationality = rng.pick(NATIONALITIES);
    const faker = fakerFor(nationality);
    const gender = rng.next() < 0.5 ? 'male' : 'female';
    const first = faker.person.firstName(gender);
    const last = faker.person.lastName(gender);
    const street = faker.location.street().replace(/^[\s,]+/, '');
    const address = `${rng.between(1, 9999)} ${street}, ${faker.location.city()}, ${faker.location.state()}, ${nationality.country}`;
    const zip = faker.location.zipCode();
    const postal_code = /^[1-9]\d{0,8}$/.test(zip) && rng.next() < 0.7 ? Number(zip) : zip;
    return {
      first_name: first,
      last_name: last,
      dob: isoBetween(DOB_FROM, DOB_TO),
      gender,
      address,
      postal_code,
      username,
      email: `${emailLocalPart(faker, first, last)}@example.com`,
      phone: faker.phone.number(),
      registered_date: isoBetween(REGISTERED_FROM, REGISTERED_TO),
      picture: `https://randomuser.me/api/portraits/med/${gender === 'male' ? 'men' : 'women'}/${rng.int(100)}.jpg`,
    };
  };
}

/** "first.last" in ASCII as randomuser.me writes it; faker transliterates Cyrillic, Persian and Vietnamese for us. */
function emailLocalPart(faker: Faker, first: string, last: string): string {
  const local = faker.internet
    .username({ firstName: first, lastName: last })
    .toLowerCase()
    .replace(/_/g, '.')
    .replace(/\d+$/, '')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^\.+|\.+$/g, '');
  return local === '' ? 'user' : local;
}

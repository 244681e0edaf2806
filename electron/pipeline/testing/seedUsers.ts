// Fills a users table fast for tests and benchmarks: prepared INSERTs through cassandra-driver's executeConcurrent,
// parameters generated as the driver asks for them (a million pre-built rows would be the thing measured).
import { Readable } from 'node:stream';
import cassandra from 'cassandra-driver';
import { USER_COLUMNS, type UserRow } from '../../../shared/user';

/** A plausible user for row `i`: a ~700-byte row, like the generator's; ids are random v4 UUIDs. */
export function seedUser(i: number): UserRow {
  return {
    id: cassandra.types.Uuid.random().toString(),
    first_name: `First${i}`,
    last_name: `Last${i}`,
    dob: new Date(Date.UTC(1950 + (i % 50), i % 12, 1 + (i % 28))).toISOString(),
    gender: i % 2 ? 'female' : 'male',
    address: `${i} Kerkstraat, Amersfoort, Utrecht, ${['Netherlands', 'Norway', 'Brazil', 'Canada'][i % 4]}`,
    postal_code: String(1000 + (i % 9000)),
    username: `user${i}`,
    email: `user${i}@example.com`,
    phone: '(066)-123-4567',
    registered_date: new Date(Date.UTC(2010 + (i % 14), 0, 1)).toISOString(),
    picture: `https://randomuser.me/api/portraits/women/${i % 100}.jpg`,
  };
}

/** Inserts `count` users made by `make` into `table` (`keyspace.table`); resolves when every write is acknowledged. */
export async function seedUsers(
  client: cassandra.Client,
  table: string,
  count: number,
  make: (i: number) => UserRow = seedUser,
  concurrency = 256,
): Promise<void> {
  const insert = `INSERT INTO ${table} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
  function* params(): Generator<unknown[]> {
    for (let i = 0; i < count; i++) {
      const row = make(i);
      yield USER_COLUMNS.map((c) => row[c]);
    }
  }
  // A stream, so the driver pulls parameters as it goes (an array of a million rows would be the thing measured).
  await cassandra.concurrent.executeConcurrent(client, insert, Readable.from(params()), {
    concurrencyLevel: concurrency,
  });
}

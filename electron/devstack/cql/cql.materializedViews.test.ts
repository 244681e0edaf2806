// Materialized views through the real cassandra-driver over TCP: CREATE with Cassandra's warning, driver metadata
// (getMaterializedView), prepared reads following base writes and deletes, refused direct writes, ALTER and DROP.
import cassandra from 'cassandra-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { createCqlServer } from './index';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(): Promise<cassandra.Client> {
  const server = await createCqlServer({ port: 0 });
  cleanup.push(() => server.close());
  const client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  cleanup.push(() => client.shutdown());
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute(
    'CREATE TABLE app.scores (user text, game text, year int, month int, day int, score int, ' +
      'PRIMARY KEY (user, game, year, month, day))',
  );
  return client;
}

/** The driver's view metadata (its typings only declare the callback form). */
const viewMeta = (client: cassandra.Client, name: string) =>
  new Promise<cassandra.metadata.MaterializedView | null>((resolve, reject) =>
    client.metadata.getMaterializedView('app', name, (err, view) => (err ? reject(err) : resolve(view ?? null))),
  );

const VIEW =
  'CREATE MATERIALIZED VIEW app.alltimehigh AS SELECT * FROM app.scores WHERE game IS NOT NULL AND year IS NOT NULL ' +
  'AND month IS NOT NULL AND day IS NOT NULL AND score IS NOT NULL AND user IS NOT NULL ' +
  'PRIMARY KEY (game, score, year, month, day, user) WITH CLUSTERING ORDER BY (score DESC, year DESC, month DESC, day DESC, user DESC)';

describe('CQL store materialized views (cassandra-driver)', () => {
  it('creates a view the driver describes, keeps it in step with the base table and drops it', async () => {
    const client = await start();
    const created = await client.execute(VIEW);
    expect(created.info.warnings).toEqual([
      'Materialized views are experimental and are not recommended for production use.',
    ]);
    const view = await viewMeta(client, 'alltimehigh');
    expect(view?.tableName).toBe('scores');
    expect(view?.includeAllColumns).toBe(true);
    expect(view?.partitionKeys.map((c) => c.name)).toEqual(['game']);
    expect(view?.clusteringKeys.map((c) => c.name)).toEqual(['score', 'year', 'month', 'day', 'user']);
    expect(view?.clusteringOrder).toEqual(['DESC', 'DESC', 'DESC', 'DESC', 'DESC']);

    const insert = 'INSERT INTO app.scores (user, game, year, month, day, score) VALUES (?, ?, ?, ?, ?, ?)';
    for (const [user, score] of [
      ['pcmanus', 2000],
      ['bob', 1500],
      ['tjake', 2500],
    ] as const)
      await client.execute(insert, [user, 'Coup', 2015, 6, 2, score], { prepare: true });
    const top = async () =>
      (
        await client.execute('SELECT user, score FROM app.alltimehigh WHERE game = ?', ['Coup'], { prepare: true })
      ).rows.map((r) => `${String(r.user)}:${String(r.score)}`);
    expect(await top()).toEqual(['tjake:2500', 'pcmanus:2000', 'bob:1500']);
    await client.execute(
      "UPDATE app.scores SET score = 3000 WHERE user = 'bob' AND game = 'Coup' AND year = 2015 AND month = 6 AND day = 2",
    );
    await client.execute("DELETE FROM app.scores WHERE user = 'tjake'");
    expect(await top()).toEqual(['bob:3000', 'pcmanus:2000']);

    await expect(
      client.execute("INSERT INTO app.alltimehigh (game, score, year, month, day, user) VALUES ('x', 1, 1, 1, 1, 'u')"),
    ).rejects.toThrow('Cannot directly modify a materialized view');
    await expect(client.execute('DROP TABLE app.scores')).rejects.toThrow(
      'Cannot drop table when materialized views still depend on it (app.{alltimehigh})',
    );
    await client.execute(
      "ALTER MATERIALIZED VIEW app.alltimehigh WITH compaction = { 'class' : 'LeveledCompactionStrategy' }",
    );
    await client.execute('DROP MATERIALIZED VIEW app.alltimehigh');
    expect(await viewMeta(client, 'alltimehigh')).toBeNull();
    await client.execute('DROP TABLE app.scores');
  });
});

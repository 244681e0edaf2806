// The table's size without reading it: every node keeps `system.size_estimates` (partitions per token range of its
// primary ranges, from flushed data, refreshed every few minutes). Summing every node's rows for the table gives the
// partition count without double-counting replicas; one partition of `created_users` is one user.
import type cassandra from 'cassandra-driver';
import type { UsersEstimate } from '../../shared/usersJobs';

const QUERY = 'SELECT partitions_count FROM system.size_estimates WHERE keyspace_name = ? AND table_name = ?';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Asks each node the driver knows (the driver targets a host per query); a single-node cluster is one query. */
export async function readSizeEstimate(
  client: cassandra.Client,
  keyspace: string,
  table: string,
  now: () => number = Date.now,
): Promise<UsersEstimate> {
  const hosts = client.hosts.values();
  const answers = await Promise.allSettled(
    hosts.map((host) => client.execute(QUERY, [keyspace, table], { host, prepare: true, readTimeout: 5_000 })),
  );
  let users = 0;
  let rows = 0;
  let answered = 0;
  let firstError: unknown = null;
  for (const answer of answers) {
    if (answer.status === 'rejected') {
      firstError ??= answer.reason;
      continue;
    }
    answered++;
    for (const row of answer.value.rows) {
      rows++;
      users += Number(row.get('partitions_count') ?? 0);
    }
  }
  const at = now();
  if (answered === 0) {
    const message = messageOf(firstError ?? 'no node to ask');
    return {
      state: 'unavailable',
      reason: /size_estimates/i.test(message)
        ? 'this cluster keeps no system.size_estimates'
        : `could not read system.size_estimates: ${message}`,
      at,
    };
  }
  if (rows === 0)
    return {
      state: 'unavailable',
      reason: 'no estimate yet: Cassandra computes it every few minutes, from data flushed to disk',
      at,
    };
  return { state: 'ok', users, hosts: hosts.length, hostsAnswered: answered, at };
}

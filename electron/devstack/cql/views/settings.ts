// system_views.settings: the cassandra.yaml settings a single dev node has, named as Cassandra 4.1/5.0 names them,
// from the server's options and the store's fixed behaviour (thresholds in engine/batchChecks.ts).
import type { ResolvedCqlServerOptions } from '../options';

export function serverSettings(
  o: ResolvedCqlServerOptions,
  releaseVersion: string,
  port: () => number,
): () => Record<string, string> {
  return () => ({
    authenticator: o.auth === null ? 'AllowAllAuthenticator' : 'PasswordAuthenticator',
    authorizer: o.auth === null ? 'AllowAllAuthorizer' : 'CassandraAuthorizer',
    batch_size_fail_threshold: '50KiB',
    batch_size_warn_threshold: '5KiB',
    cluster_name: o.clusterName,
    data_file_directories: o.dataDir ?? '',
    endpoint_snitch: 'SimpleSnitch',
    listen_address: o.advertisedAddress,
    native_transport_max_frame_size: `${Math.floor(o.maxFrameBytes / 1024 / 1024)}MiB`,
    native_transport_port: String(port()),
    num_tokens: String(o.vnodes),
    partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    release_version: releaseVersion,
    role_manager: 'CassandraRoleManager',
    rpc_address: o.advertisedAddress,
    'client_encryption_options.enabled': String(o.tls !== undefined),
    unlogged_batch_across_partitions_warn_threshold: '10',
  });
}

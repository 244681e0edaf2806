// The Kafka → Cassandra engine. Plain Node: it knows broker addresses and contact points, never the devstack.
export { createPipeline } from './pipeline';
export type { IngestedUser, OffsetReset, Pipeline, PipelineEvents, PipelineOptions } from './pipelineTypes';
export { createUsersQuery, type UsersQuery } from './usersQuery';
export { testCassandraConnection, testKafkaConnection, type ConnectionCheck } from './testConnection';
export { createLogSink, type LogEntry, type LogSink } from './logSink';
export { DLQ_HEADERS } from './deadLetter';
export { createKafkaClient } from './kafkaClient';
export { schemaStatements, tableDifferences } from './userTable';
export { connectCassandraSink } from './sinkConnector';
export { timeSinkWrites } from './timedSink';
export { createLatencyBuckets, LATENCY_BOUNDS_MS, type LatencyBuckets } from './latencyBuckets';
export { fetchGroupProgress } from './groupProgress';

// The contract between the broker core (connection handling, codec, log storage) and the API handlers plugged into it,
// including the consumer-group coordinator in ../groups/. Kept stable: group handlers are written against this file.
import type { Logger } from '../../../../shared/logger';

/**
 * A request or response body as a plain object, shaped by the Kafka JSON schema of its API
 * (`protocol/messages/*.json`): field names are the schema names in camelCase (`GroupId` → `groupId`,
 * `Topics[].Partitions[].PartitionIndex` → `topics[0].partitions[0].partitionIndex`).
 *
 * Value types, per schema type:
 * - int8/int16/int32/uint16/float64 → number; int64 → bigint (the encoder also accepts a number);
 * - bool → boolean; string → string, or null where the version allows null;
 * - bytes → Buffer (or null where nullable); records → Buffer (decoded: a slice of the request frame, no copy;
 *   encoded: a Buffer, an array of Buffers written back to back, or null);
 * - uuid → Buffer of 16 bytes; arrays → arrays (null where nullable, e.g. OffsetFetch `topics` = null = "all").
 *
 * Encoding a response: any field missing (undefined) is written as its schema default (`default` in the JSON, else
 * 0 / false / "" / empty array / null when nullable at that version). So a handler may omit `throttleTimeMs`,
 * `errorCode` when 0, tagged fields, and fields that do not exist at the request's version. Fields that the
 * version does not have are ignored. Decoding a request: every field of that version is present; fields the
 * version lacks are absent (undefined), so read them with a default: `request.groupInstanceId ?? null`.
 */
export type KafkaMessage = { [field: string]: unknown };

/** What a handler is given for one request. */
export interface RequestContext {
  /** API key of the request (also the handler's `apiKey`). */
  apiKey: number;
  /** The request's API version; the response is encoded at this same version. */
  version: number;
  /** The decoded request body (see KafkaMessage). */
  request: KafkaMessage;
  /** Correlation id of the request header (informational; the core matches the response itself). */
  correlationId: number;
  /** Client id from the request header (null when the client sent null). */
  clientId: string | null;
  /** Remote address of the client's socket, e.g. "127.0.0.1" (DescribeGroups `clientHost`). */
  clientHost: string;
  /** Unique per TCP connection for the broker's lifetime; see ApiHandlerSet.connectionClosed. */
  connectionId: number;
  /** Aborted when this connection closes or the broker shuts down: a long wait may end early (its answer is dropped). */
  signal?: AbortSignal;
}

/**
 * Serves one API key over a version range. The core advertises [minVersion, maxVersion] in ApiVersions,
 * decodes the request at the client's version and encodes whatever `handle` resolves to at that same version.
 *
 * Responses on one connection go out in request order: a handler may take as long as it needs (e.g. JoinGroup
 * waiting for the rebalance barrier, Fetch long-polling) and later requests on that connection wait behind it,
 * while other connections are unaffected. Resolve `null` to send no response at all (Produce with acks=0).
 * A rejected promise or a thrown error closes that client's connection and is logged; prefer error codes in the
 * response body.
 */
export interface ApiHandler {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
  handle(ctx: RequestContext): Promise<KafkaMessage | null>;
}

/** A group of handlers with a lifecycle, e.g. the consumer-group coordinator. */
export interface ApiHandlerSet {
  handlers: ApiHandler[];
  /** Called once when a client's TCP connection ends (any reason). Optional. */
  connectionClosed?(connectionId: number): void;
  /** Called once by the broker's close(), after the listener stops accepting. Must be idempotent and flush state. */
  close(): Promise<void>;
}

/** Read view of the broker's topics, for handlers that need to know what exists (e.g. OffsetFetch, OffsetCommit). */
export interface TopicCatalog {
  /** Number of partitions of `topic`, or undefined when the topic does not exist. */
  partitionCount(topic: string): number | undefined;
  /** Names of all existing topics. */
  topicNames(): string[];
  /** Registers a listener for topic deletion (e.g. to drop committed offsets); returns an unsubscribe function. */
  onTopicDeleted(listener: (topic: string) => void): () => void;
}

/** Who this broker is, as clients should see it (FindCoordinator answers with this). */
export interface BrokerIdentity {
  /** Node id of this single broker (also the controller and the leader of every partition). */
  nodeId: number;
  /** Advertised host clients connect to. */
  host: string;
  /** Advertised port: the real listening port (never 0). */
  port: number;
}

/** One offset committed inside a transaction (TxnOffsetCommit), made visible when the transaction commits. */
export interface TxnOffset {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
}

/** Where a committed transaction's offsets land: the group coordinator, which OffsetFetch reads. */
export interface TxnOffsetSink {
  commitTxnOffsets(groupId: string, offsets: TxnOffset[]): void;
}

/** Whether an open transaction holds offsets for a group's partition (OffsetFetch requireStable answers UNSTABLE). */
export interface PendingTxnOffsets {
  pending(groupId: string, topic: string, partition: number): boolean;
}

/**
 * What the broker core hands to a plug-in factory such as `createGroupCoordinator`. `identity()` is a function
 * because the real port is only known once listening; it is valid whenever a request is being handled.
 */
export interface BrokerServices {
  identity(): BrokerIdentity;
  catalog: TopicCatalog;
  /** Directory the plug-in may persist to (e.g. `<dataDir>/groups`); undefined = in-memory broker. */
  dataDir: string | undefined;
  logger: Logger;
  /**
   * The group coordinator registers here where transactional offsets go at commit, and learns which are still pending
   * (absent: no transactions).
   */
  attachTxnOffsetSink?(sink: TxnOffsetSink): PendingTxnOffsets;
}

// Numbers of the native protocol (spec sections 2 and 4) used by the wire server.

export const Opcode = {
  error: 0x00,
  startup: 0x01,
  ready: 0x02,
  authenticate: 0x03,
  options: 0x05,
  supported: 0x06,
  query: 0x07,
  result: 0x08,
  prepare: 0x09,
  execute: 0x0a,
  register: 0x0b,
  event: 0x0c,
  batch: 0x0d,
  authChallenge: 0x0e,
  authResponse: 0x0f,
  authSuccess: 0x10,
} as const;

/** Request opcode → the name Cassandra uses in "Unexpected message X" errors. */
export const requestNames: Readonly<Record<number, string>> = {
  [Opcode.startup]: 'STARTUP',
  [Opcode.options]: 'OPTIONS',
  [Opcode.query]: 'QUERY',
  [Opcode.prepare]: 'PREPARE',
  [Opcode.execute]: 'EXECUTE',
  [Opcode.register]: 'REGISTER',
  [Opcode.batch]: 'BATCH',
  [Opcode.authResponse]: 'AUTH_RESPONSE',
};

export const FrameFlag = {
  compression: 0x01,
  tracing: 0x02,
  customPayload: 0x04,
  warning: 0x08,
  beta: 0x10,
} as const;

export const QueryFlag = {
  values: 0x01,
  skipMetadata: 0x02,
  pageSize: 0x04,
  pagingState: 0x08,
  serialConsistency: 0x10,
  defaultTimestamp: 0x20,
  namesForValues: 0x40,
  /** v5 */
  withKeyspace: 0x80,
  /** v5 */
  nowInSeconds: 0x100,
} as const;

export const ResultKind = {
  void: 0x0001,
  rows: 0x0002,
  setKeyspace: 0x0003,
  prepared: 0x0004,
  schemaChange: 0x0005,
} as const;

export const RowsFlag = {
  globalTablesSpec: 0x0001,
  hasMorePages: 0x0002,
  noMetadata: 0x0004,
  /** v5: the result's columns differ from the metadata id the EXECUTE named; a new id follows. */
  metadataChanged: 0x0008,
} as const;

/** Protocol versions this server speaks; the first frame of a connection picks one. */
export const SUPPORTED_VERSIONS: readonly number[] = [3, 4, 5];
/** The version used to answer a client whose version we do not speak (Cassandra answers with its own). */
export const HIGHEST_VERSION = 5;

/** Cassandra's text (ProtocolVersion.invalidVersionMessage); drivers look for "unsupported protocol version" in it. */
export function invalidVersionMessage(version: number): string {
  return `Invalid or unsupported protocol version (${version}); supported versions are (${SUPPORTED_VERSIONS.map((v) => `${v}/v${v}`).join(', ')})`;
}

export const EVENT_TYPES: readonly string[] = ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'];

export const PASSWORD_AUTHENTICATOR = 'org.apache.cassandra.auth.PasswordAuthenticator';

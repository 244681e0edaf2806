// Encoders for response frames (spec section 4.2). Each returns one finished frame for the given version and stream.
import { createHash } from 'node:crypto';
import type {
  ColumnSpec,
  Consistency,
  CqlError,
  ExecutionResult,
  PreparedStatementInfo,
  SchemaChange,
} from '../engine/types';
import { FrameFlag, Opcode, ResultKind, RowsFlag } from './constants';
import { FrameWriter, HEADER_BYTES } from './frameWriter';
import { writeTypeOption } from './typeOption';

export function encodeReady(version: number, stream: number): Buffer {
  return new FrameWriter(0).finish(version, stream, Opcode.ready);
}

export function encodeSupported(version: number, stream: number, options: ReadonlyMap<string, string[]>): Buffer {
  const w = new FrameWriter(128);
  w.short(options.size);
  for (const [key, values] of options) w.string(key).stringList(values);
  return w.finish(version, stream, Opcode.supported);
}

export function encodeAuthenticate(version: number, stream: number, authenticator: string): Buffer {
  return new FrameWriter(64).string(authenticator).finish(version, stream, Opcode.authenticate);
}

export function encodeAuthSuccess(version: number, stream: number): Buffer {
  return new FrameWriter(4).bytes(null).finish(version, stream, Opcode.authSuccess);
}

/**
 * ERROR with the extra fields its code requires (spec section 9). Codes whose extras the engine does not carry
 * (timeouts, unavailable) get plausible single-node values so every client can still parse the body.
 */
export function encodeError(version: number, stream: number, error: CqlError, consistency: Consistency = 1): Buffer {
  const w = new FrameWriter(64 + error.message.length);
  w.int(error.code).string(error.message);
  switch (error.code) {
    case 0x1000: // unavailable: <cl><required><alive>
      w.short(consistency).int(1).int(0);
      break;
    case 0x1100: // write timeout: <cl><received><blockfor><writeType>
      w.short(consistency).int(0).int(1).string('SIMPLE');
      break;
    case 0x1200: // read timeout: <cl><received><blockfor><data_present>
      w.short(consistency).int(0).int(1).byte(0);
      break;
    case 0x2400:
      w.string(error.keyspace).string(error.table);
      break;
    case 0x2500:
      w.shortBytes(error.id);
      break;
    default:
      break;
  }
  return w.finish(version, stream, Opcode.error);
}

const VOID_BODY = Buffer.from([0, 0, 0, ResultKind.void]);

export function encodeVoid(version: number, stream: number): Buffer {
  const frame = Buffer.allocUnsafe(9 + 4);
  frame[0] = 0x80 | version;
  frame[1] = 0;
  frame.writeInt16BE(stream, 2);
  frame[4] = Opcode.result;
  frame.writeInt32BE(4, 5);
  VOID_BODY.copy(frame, 9);
  return frame;
}

/** The table all specs share, or null when they span tables (or there are none). */
function globalTable(columns: readonly ColumnSpec[]): { keyspace: string; table: string } | null {
  const first = columns[0];
  if (first === undefined) return null;
  for (const c of columns) if (c.keyspace !== first.keyspace || c.table !== first.table) return null;
  return { keyspace: first.keyspace, table: first.table };
}

function writeColumnSpecs(w: FrameWriter, columns: readonly ColumnSpec[], global: boolean, version: number): void {
  for (const c of columns) {
    if (!global) w.string(c.keyspace).string(c.table);
    w.string(c.name);
    writeTypeOption(w, c.type, version);
  }
}

/** <metadata> of a Rows result (also the <result_metadata> of a Prepared result). */
function writeRowsMetadata(
  w: FrameWriter,
  columns: readonly ColumnSpec[] | null,
  pagingState: Buffer | null,
  skipMetadata: boolean,
  version: number,
  newMetadataId: Buffer | null = null,
): void {
  const cols = columns ?? [];
  const global = globalTable(cols);
  let flags = 0;
  if (newMetadataId !== null) flags |= RowsFlag.metadataChanged;
  if (columns === null || (skipMetadata && newMetadataId === null)) flags |= RowsFlag.noMetadata;
  else if (global) flags |= RowsFlag.globalTablesSpec;
  if (pagingState !== null) flags |= RowsFlag.hasMorePages;
  w.int(flags).int(cols.length);
  if (pagingState !== null) w.bytes(pagingState);
  if (newMetadataId !== null) w.shortBytes(newMetadataId);
  if (flags & RowsFlag.noMetadata) return;
  if (global) w.string(global.keyspace).string(global.table);
  writeColumnSpecs(w, cols, global !== null, version);
}

const metadataIds = new WeakMap<readonly ColumnSpec[], Buffer>();
const EMPTY_METADATA_ID = createHash('md5').digest();

/**
 * v5's result metadata id: a digest of the result columns (names and types), which a client names in EXECUTE so the
 * server can tell it when a schema change altered them (Cassandra hashes the same specs with MD5).
 */
export function resultMetadataId(columns: readonly ColumnSpec[] | null): Buffer {
  if (columns === null) return EMPTY_METADATA_ID;
  let id = metadataIds.get(columns);
  if (id === undefined) {
    const w = new FrameWriter(columns.length * 32);
    writeColumnSpecs(w, columns, false, 5);
    id = createHash('md5')
      .update(w.finish(5, 0, 0).subarray(HEADER_BYTES))
      .digest();
    metadataIds.set(columns, id);
  }
  return id;
}

function estimateRowsBytes(rows: readonly (Buffer | null)[][]): number {
  let n = 64;
  for (const row of rows) for (const cell of row) n += 4 + (cell === null ? 0 : cell.length);
  return n;
}

/**
 * RESULT for an execution. `clientMetadataId` is the result metadata id a v5 EXECUTE named: when the rows' columns no
 * longer match it, the metadata goes out in full with Metadata_changed and the new id, whatever skip_metadata said.
 */
export function encodeResult(
  version: number,
  stream: number,
  result: ExecutionResult,
  skipMetadata: boolean,
  clientMetadataId: Buffer | null = null,
): Buffer {
  switch (result.kind) {
    case 'void':
      return encodeVoid(version, stream);
    case 'rows': {
      // A row with the wrong cell count would desynchronise the client's parser for the whole connection.
      for (const row of result.rows)
        if (row.length !== result.columns.length)
          throw new Error(`engine returned a row of ${row.length} cells for ${result.columns.length} columns`);
      const w = new FrameWriter(estimateRowsBytes(result.rows) + result.columns.length * 32);
      w.int(ResultKind.rows);
      let changed: Buffer | null = null;
      if (clientMetadataId !== null) {
        const current = resultMetadataId(result.columns);
        if (!current.equals(clientMetadataId)) changed = current;
      }
      writeRowsMetadata(w, result.columns, result.pagingState, skipMetadata, version, changed);
      w.int(result.rows.length);
      for (const row of result.rows) for (const cell of row) w.bytes(cell);
      return w.finish(version, stream, Opcode.result);
    }
    case 'setKeyspace':
      return new FrameWriter(64)
        .int(ResultKind.setKeyspace)
        .string(result.keyspace)
        .finish(version, stream, Opcode.result);
    case 'schemaChange': {
      const w = new FrameWriter(96).int(ResultKind.schemaChange);
      writeSchemaChange(w, result.change);
      return w.finish(version, stream, Opcode.result);
    }
  }
}

export function encodePrepared(version: number, stream: number, info: PreparedStatementInfo): Buffer {
  const w = new FrameWriter(256);
  w.int(ResultKind.prepared).shortBytes(info.id);
  if (version >= 5) w.shortBytes(resultMetadataId(info.resultColumns));
  const global = globalTable(info.bindMarkers);
  w.int(global ? RowsFlag.globalTablesSpec : 0).int(info.bindMarkers.length);
  if (version >= 4) {
    w.int(info.partitionKeyIndexes.length);
    for (const index of info.partitionKeyIndexes) w.short(index);
  }
  if (global) w.string(global.keyspace).string(global.table);
  writeColumnSpecs(w, info.bindMarkers, global !== null, version);
  writeRowsMetadata(w, info.resultColumns, null, false, version);
  return w.finish(version, stream, Opcode.result);
}

/** <change_type><target><options>, shared by RESULT schema_change and the SCHEMA_CHANGE event. */
function writeSchemaChange(w: FrameWriter, change: SchemaChange): void {
  w.string(change.type).string(change.target).string(change.keyspace);
  if (change.target === 'KEYSPACE') return;
  w.string(change.name ?? '');
  // FUNCTION and AGGREGATE carry argument types; the engine does not create either, so the list is empty.
  if (change.target === 'FUNCTION' || change.target === 'AGGREGATE') w.stringList([]);
}

export function encodeSchemaChangeEvent(version: number, change: SchemaChange): Buffer {
  const w = new FrameWriter(96).string('SCHEMA_CHANGE');
  writeSchemaChange(w, change);
  return w.finish(version, -1, Opcode.event);
}

/**
 * A finished frame with a warning list put in front of its body and the warning flag set (spec 2.2: the body then
 * starts with a [string list] of warnings). v3 has no warnings; its frames go out unchanged.
 */
export function withWarnings(frame: Buffer, version: number, warnings: readonly string[]): Buffer {
  if (version < 4 || warnings.length === 0) return frame;
  const list = new FrameWriter(64).stringList(warnings).finish(version, 0, 0);
  const listBytes = list.subarray(HEADER_BYTES);
  const out = Buffer.allocUnsafe(frame.length + listBytes.length);
  frame.copy(out, 0, 0, HEADER_BYTES);
  listBytes.copy(out, HEADER_BYTES);
  frame.copy(out, HEADER_BYTES + listBytes.length, HEADER_BYTES);
  out[1] = (out[1] as number) | FrameFlag.warning;
  out.writeInt32BE(out.length - HEADER_BYTES, 5);
  return out;
}

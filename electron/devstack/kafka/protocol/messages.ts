// Request/response definitions by API key, and the framing around them: request header v1/v2, response header v0/v1.
import type { KafkaMessage } from '../apis/types';
import { decodeStruct, encodeStruct } from './codec';
import { messageSchemas } from './messages/index';
import { KafkaDecodeError, Reader } from './reader';
import { CompiledMessage } from './schema';
import { Writer } from './writer';

const API_VERSIONS_KEY = 18;

const requests = new Map<number, CompiledMessage>();
const responses = new Map<number, CompiledMessage>();
for (const schema of messageSchemas) {
  if (schema.apiKey === undefined) continue;
  (schema.type === 'request' ? requests : responses).set(schema.apiKey, new CompiledMessage(schema));
}

/** The compiled request definition of an API, if the broker knows its schema. */
export function requestDefinition(apiKey: number): CompiledMessage | undefined {
  return requests.get(apiKey);
}

/** The compiled response definition of an API, if the broker knows its schema. */
export function responseDefinition(apiKey: number): CompiledMessage | undefined {
  return responses.get(apiKey);
}

/** Request header fields, common to every API. */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/**
 * Reads the request header (v1, or v2 when the API's request is flexible at that version) and leaves the reader at
 * the body. The client id always keeps its classic int16 length, even in header v2. When the API or version is not
 * one we know, the tagged section cannot be located; the caller answers from the fixed part only.
 */
export function readRequestHeader(reader: Reader): RequestHeader & { bodyKnown: boolean } {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const length = reader.int16();
  const clientId = length < 0 ? null : reader.utf8(length);
  const definition = requests.get(apiKey);
  const bodyKnown =
    definition !== undefined && apiVersion >= definition.valid.min && apiVersion <= definition.valid.max;
  if (bodyKnown && definition.isFlexible(apiVersion)) {
    const count = reader.uvarint();
    for (let i = 0; i < count; i++) {
      reader.uvarint();
      reader.slice(reader.uvarint());
    }
  }
  return { apiKey, apiVersion, correlationId, clientId, bodyKnown };
}

/** Decodes a request body; the whole remaining frame must be consumed by it. */
export function readRequestBody(reader: Reader, apiKey: number, version: number): KafkaMessage {
  const definition = requests.get(apiKey);
  if (!definition) throw new KafkaDecodeError(`unknown api key ${apiKey}`);
  const body = decodeStruct(reader, definition.plan(version));
  return body;
}

/**
 * Encodes a complete response frame (size prefix, response header, body) as chunks for a vectored write.
 * ApiVersions always uses response header v0 so that a client can parse it before knowing the broker's versions.
 */
export function encodeResponseFrame(
  apiKey: number,
  version: number,
  correlationId: number,
  body: KafkaMessage,
): Buffer[] {
  const definition = responses.get(apiKey);
  if (!definition) throw new Error(`no response schema for api key ${apiKey}`);
  const writer = new Writer(256);
  writer.int32(0);
  writer.int32(correlationId);
  const flexible = definition.isFlexible(version);
  if (flexible && apiKey !== API_VERSIONS_KEY) writer.uvarint(0);
  encodeStruct(writer, definition.plan(version), body);
  const size = writer.length - 4;
  writer.patchInt32AtStart(size);
  return writer.finish();
}

/** Encodes a request frame; used by tests and tools that talk to the broker without a client library. */
export function encodeRequestFrame(header: RequestHeader, body: KafkaMessage): Buffer {
  const definition = requests.get(header.apiKey);
  if (!definition) throw new Error(`no request schema for api key ${header.apiKey}`);
  const writer = new Writer(256);
  writer.int32(0);
  writer.int16(header.apiKey);
  writer.int16(header.apiVersion);
  writer.int32(header.correlationId);
  if (header.clientId === null) writer.int16(-1);
  else {
    const n = Buffer.byteLength(header.clientId);
    writer.int16(n);
    writer.utf8(header.clientId, n);
  }
  if (definition.isFlexible(header.apiVersion)) writer.uvarint(0);
  encodeStruct(writer, definition.plan(header.apiVersion), body);
  writer.patchInt32AtStart(writer.length - 4);
  return Buffer.concat(writer.finish());
}

/** Decodes a response frame (without its size prefix); used by tests. */
export function decodeResponseFrame(
  frame: Buffer,
  apiKey: number,
  version: number,
): { correlationId: number; body: KafkaMessage } {
  const definition = responses.get(apiKey);
  if (!definition) throw new Error(`no response schema for api key ${apiKey}`);
  const reader = new Reader(frame, 0, frame.length);
  const correlationId = reader.int32();
  if (definition.isFlexible(version) && apiKey !== API_VERSIONS_KEY) reader.uvarint();
  return { correlationId, body: decodeStruct(reader, definition.plan(version)) };
}

import { describe, expect, it } from 'vitest';
import { messageSchemas } from './messages/index';
import {
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
  readRequestBody,
  readRequestHeader,
} from './messages';
import { Reader } from './reader';
import { CompiledMessage, type StructPlan, type ValuePlan } from './schema';
import { crc32c, crc32cImplementation, crc32cWebAssembly } from './crc32c';
import { crc32cPortable } from './crc32cPortable';

// A value for every field that differs from its default, so a field dropped or misplaced by the codec shows up.
function sampleValue(plan: ValuePlan, depth: number): unknown {
  switch (plan.kind) {
    case 'int8':
      return 5;
    case 'int16':
      return -300;
    case 'uint16':
      return 65000;
    case 'int32':
      return 70000 + depth;
    case 'uint32':
      return 4000000000;
    case 'int64':
      return 1234567890123n;
    case 'float64':
      return 1.5;
    case 'bool':
      return true;
    case 'string':
      return `s\u00e9-${depth}`;
    case 'bytes':
    case 'records':
      return Buffer.from([1, 2, 3, depth]);
    case 'uuid':
      return Buffer.alloc(16, 9);
    case 'struct':
      return sampleStruct(plan.struct, depth + 1);
    case 'array':
      return [sampleValue(plan.element, depth + 1), sampleValue(plan.element, depth + 2)];
  }
}

function sampleStruct(plan: StructPlan, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of [...plan.fields, ...plan.tagged]) out[field.key] = sampleValue(field.value, depth);
  return out;
}

describe('schema-driven codec', () => {
  const compiled = messageSchemas.map((s) => new CompiledMessage(s));

  it('round-trips every request and response at every version, classic and flexible', () => {
    let checked = 0;
    for (const message of compiled) {
      const apiKey = message.schema.apiKey as number;
      for (let version = message.valid.min; version <= message.valid.max; version++) {
        const body = sampleStruct(message.plan(version), 0);
        if (message.schema.type === 'request') {
          const frame = encodeRequestFrame({ apiKey, apiVersion: version, correlationId: 42, clientId: 'me' }, body);
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const reader = new Reader(frame, 4, frame.length);
          const header = readRequestHeader(reader);
          expect(header).toMatchObject({
            apiKey,
            apiVersion: version,
            correlationId: 42,
            clientId: 'me',
            bodyKnown: true,
          });
          expect(readRequestBody(reader, apiKey, version), `${message.schema.name} v${version}`).toEqual(body);
          expect(reader.remaining()).toBe(0);
        } else {
          const frame = Buffer.concat(encodeResponseFrame(apiKey, version, 42, body));
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const decoded = decodeResponseFrame(frame.subarray(4), apiKey, version);
          expect(decoded.correlationId).toBe(42);
          expect(decoded.body, `${message.schema.name} v${version}`).toEqual(body);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('fills omitted response fields with schema defaults', () => {
    const frame = Buffer.concat(
      encodeResponseFrame(1, 11, 7, {
        responses: [{ topic: 't', partitions: [{ partitionIndex: 2, highWatermark: 10 }] }],
      }),
    );
    const { body } = decodeResponseFrame(frame.subarray(4), 1, 11);
    expect(body).toMatchObject({ throttleTimeMs: 0, errorCode: 0, sessionId: 0 });
    const partition = (body.responses as Array<{ partitions: Array<Record<string, unknown>> }>)[0]?.partitions[0];
    expect(partition).toMatchObject({
      partitionIndex: 2,
      highWatermark: 10n,
      lastStableOffset: -1n,
      logStartOffset: -1n,
      preferredReadReplica: -1,
      records: null,
    });
  });

  it('writes records given as several buffers back to back, and uses response header v0 for ApiVersions', () => {
    const parts = [Buffer.alloc(5000, 1), Buffer.alloc(3, 2), Buffer.alloc(6000, 3)];
    const chunks = encodeResponseFrame(1, 12, 9, { responses: [{ topic: 't', partitions: [{ records: parts }] }] });
    expect(chunks).toContain(parts[0]); // passed by reference, not copied
    const frame = Buffer.concat(chunks);
    const partition = (
      decodeResponseFrame(frame.subarray(4), 1, 12).body.responses as Array<{ partitions: Array<{ records: Buffer }> }>
    )[0]?.partitions[0];
    expect(partition?.records.equals(Buffer.concat(parts))).toBe(true);
    // ApiVersions v3 is flexible, yet its response header has no tagged-field byte: byte 4 is the error code's high byte.
    const apiVersions = Buffer.concat(encodeResponseFrame(18, 3, 5, { errorCode: 35, apiKeys: [] }));
    expect(apiVersions.readInt32BE(4)).toBe(5);
    expect(apiVersions.readInt16BE(8)).toBe(35);
  });

  it('rejects truncated and hostile input with a decode error, never another exception', () => {
    const frame = encodeRequestFrame(
      { apiKey: 3, apiVersion: 12, correlationId: 1, clientId: null },
      { topics: [{ name: 'a', topicId: Buffer.alloc(16) }] },
    );
    for (let cut = 4; cut < frame.length; cut++) {
      const reader = new Reader(frame, 4, cut);
      expect(() => {
        readRequestHeader(reader);
        readRequestBody(reader, 3, 12);
      }).toThrow(/truncated|varint|exceeds|null/);
    }
  });

  it('computes CRC-32C (Castagnoli) check values, native, WebAssembly and JavaScript alike', () => {
    // On this project's platforms the prebuilt native binary must load; elsewhere the fallback serves.
    if (process.platform === 'linux' && process.arch === 'x64') expect(crc32cImplementation).toBe('native');
    for (const crc of [crc32c, crc32cWebAssembly, crc32cPortable]) {
      expect(crc(Buffer.from('123456789')).toString(16)).toBe('e3069283');
      expect(crc(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    }
    const data = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + (i >> 11)) & 0xff;
    for (const [start, end] of [
      [0, 0],
      [1, 2],
      [3, 700],
      [5, 70_001],
      [0, 1024 * 1024 + 17],
      [9, data.length],
    ] as const) {
      const expected = crc32cPortable(data, start, end);
      expect(crc32c(data, start, end), `${start}..${end}`).toBe(expected);
      expect(crc32cWebAssembly(data, start, end), `${start}..${end}`).toBe(expected);
      // A view that does not start at its ArrayBuffer's beginning (Node's pooled small buffers, frame slices).
      expect(crc32c(data.subarray(start), 0, end - start), `view ${start}..${end}`).toBe(expected);
    }
  });
});

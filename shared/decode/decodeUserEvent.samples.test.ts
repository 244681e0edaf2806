// Every sample message from ../shared/samples: good ones become the right rows, bad ones are rejected for their reason.
import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../problem';
import { USER_COLUMNS } from '../user';
import { pythonJsonDumps, type PythonJsonValue } from '../generate/pythonJson';
import { decodeUserEvent } from './decodeUserEvent';
import { badRawLines, badSamples, seedLines, upstreamLines } from './fixtures/samples';
import { deriveUserId } from './userId';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** What each bad.jsonl `_why` note means as a problem; a new sample line must be added here to be tested. */
const EXPECTED_FOR_WHY: Record<string, { field: string; code: ProblemCode }> = {
  'id present but not a UUID': { field: 'id', code: 'invalid_uuid' },
  'first_name is an object': { field: 'first_name', code: 'wrong_type' },
  'neither id nor username nor email: no stable identity': { field: 'value', code: 'no_identity' },
  'a JSON array, not an object': { field: 'value', code: 'not_object' },
  'postal_code is a boolean': { field: 'postal_code', code: 'wrong_type' },
};

const EXPECTED_RAW: ProblemCode[] = ['not_json', 'not_json', 'empty', 'not_object', 'not_object'];

function accept(text: string) {
  const result = decodeUserEvent(bytes(text));
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.problems)}`);
  return result;
}

describe('decodeUserEvent on the sample messages', () => {
  it('accepts every seed-format line with every column as text and a derived id', () => {
    for (const line of seedLines()) {
      const message = JSON.parse(line) as Record<string, unknown>;
      const result = accept(line);
      expect(result.derivedId).toBe(true);
      expect(Object.keys(result.row)).toEqual([...USER_COLUMNS]);
      expect(result.row.id).toBe(deriveUserId(String(message.username), String(message.email)));
      expect(result.row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const column of USER_COLUMNS.slice(1)) expect(result.row[column]).toBe(String(message[column]));
      expect(result.warnings).toBeUndefined();
    }
  });

  it('keeps numeric postal codes as their digits', () => {
    const faith = accept(seedLines()[1]!);
    expect(faith.row.postal_code).toBe('70963');
    expect(accept(seedLines()[4]!).row.postal_code).toBe('T5K 2J1');
  });

  it('gives a known seed user the documented id (docs/decoder.md)', () => {
    expect(accept(seedLines()[0]!).row.id).toBe('e39ebeae-9e2e-544d-9eb1-cbcdec892800');
  });

  it('accepts every upstream line, keeping its id and reading post_code into postal_code', () => {
    for (const line of upstreamLines()) {
      const message = JSON.parse(line) as Record<string, unknown>;
      const result = accept(line);
      expect(result.derivedId).toBe(false);
      expect(result.row.id).toBe(message.id);
      expect(result.row.postal_code).toBe(String(message.post_code));
      expect(result.row.first_name).toBe(message.first_name);
      expect(result.warnings).toBeUndefined();
    }
  });

  it('maps the same user re-sent, or re-serialised by Python json.dumps, to the same id and row', () => {
    for (const line of seedLines()) {
      const first = accept(line);
      const again = accept(line);
      const escaped = accept(pythonJsonDumps(JSON.parse(line) as PythonJsonValue));
      expect(again.row).toEqual(first.row);
      expect(escaped.row).toEqual(first.row);
    }
  });

  it('round-trips non-ASCII names sent as \\uXXXX escapes', () => {
    const umit = seedLines()[3]!;
    const escaped = pythonJsonDumps(JSON.parse(umit) as PythonJsonValue);
    expect(escaped).toContain('\\u00dcmit');
    expect(escaped).not.toMatch(/[^\x20-\x7e]/);
    const result = accept(escaped);
    expect(result.row.first_name).toBe('Ümit');
    expect(result.row.last_name).toBe('Akaydın');
    expect(result.row.address).toBe('4310 Atatürk Sk, Kırşehir, Bitlis, Turkey');
  });

  it('rejects every bad.jsonl line with the reason its note describes', () => {
    const samples = badSamples();
    expect(samples.length).toBeGreaterThan(0);
    for (const { why, value } of samples) {
      const expected = EXPECTED_FOR_WHY[why];
      if (!expected) throw new Error(`bad.jsonl has a new case; add it to EXPECTED_FOR_WHY: ${why}`);
      const result = decodeUserEvent(bytes(JSON.stringify(value)));
      expect(result.ok, why).toBe(false);
      if (result.ok) continue;
      expect(result.problems, why).toEqual([expect.objectContaining(expected)]);
    }
  });

  it('words the bad.jsonl problems so a person can act on them', () => {
    const messages = badSamples().map(({ value }) => {
      const result = decodeUserEvent(bytes(JSON.stringify(value)));
      return result.ok ? '' : result.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    });
    expect(messages).toEqual([
      'id: "12345" is not a UUID (expected 8-4-4-4-12 hex digits)',
      'first_name: expected string or number, got object',
      'value: no stable identity (no id, username or email)',
      'value: is a JSON array, not an object',
      'postal_code: expected string or number, got boolean',
    ]);
  });

  it('rejects every bad-raw.txt line', () => {
    const codes = badRawLines().map((line) => {
      const result = decodeUserEvent(bytes(line));
      return result.ok ? 'accepted' : result.problems[0]!.code;
    });
    expect(codes).toEqual(EXPECTED_RAW);
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToUuid, isUuid, uuidToBytes, uuidV5 } from './uuid';

// RFC 9562 Appendix A: the DNS namespace.
const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** Reference v5 built on node:crypto, to check the pure implementation against. */
function referenceV5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(uuidToBytes(namespace)).update(name, 'utf8').digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return bytesToUuid(digest);
}

describe('uuid', () => {
  it('computes the RFC 9562 v5 example (www.example.com under the DNS namespace)', () => {
    expect(uuidV5(uuidToBytes(DNS), 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('matches a node:crypto reference for arbitrary names, long and non-ASCII ones included', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string({ unit: 'grapheme', maxLength: 300 }), (namespace, name) => {
        expect(uuidV5(uuidToBytes(namespace), name)).toBe(referenceV5(namespace, name));
      }),
      { numRuns: 300 },
    );
    const long = 'ü'.repeat(5000);
    expect(uuidV5(uuidToBytes(DNS), long)).toBe(referenceV5(DNS, long));
  });

  it('recognises only the 8-4-4-4-12 form', () => {
    expect(isUuid('B0BA09DE-E248-4D58-84D3-1B9B1D3EA853')).toBe(true);
    expect(isUuid('b0ba09de-e248-4d58-84d3-1b9b1d3ea853')).toBe(true);
    for (const bad of [
      '12345',
      '',
      '{b0ba09de-e248-4d58-84d3-1b9b1d3ea853}',
      'urn:uuid:b0ba09de-e248-4d58-84d3-1b9b1d3ea853',
      ' b0ba09de-e248-4d58-84d3-1b9b1d3ea853',
      'b0ba09dee2484d5884d31b9b1d3ea853',
      'g0ba09de-e248-4d58-84d3-1b9b1d3ea853',
      'b0ba09de-e248-4d58-84d3-1b9b1d3ea853\n',
    ]) {
      expect(isUuid(bad), bad).toBe(false);
    }
  });

  it('round-trips bytes and text', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        expect(bytesToUuid(uuidToBytes(u))).toBe(u.toLowerCase());
      }),
    );
  });
});

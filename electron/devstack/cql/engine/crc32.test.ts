import fc from 'fast-check';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('agrees with node:zlib, so commit logs and snapshots written before still load', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat(16), (bytes, offset) => {
        // Views at an offset too: commit-log groups are subarrays of a larger buffer.
        const padded = Buffer.concat([Buffer.alloc(offset, 9), Buffer.from(bytes)]).subarray(offset);
        expect(crc32(padded)).toBe(zlibCrc32(padded));
      }),
    );
    expect(crc32(Buffer.from('hello world'))).toBe(0x0d4a1185);
  });
});

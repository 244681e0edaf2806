import { describe, expect, it } from 'vitest';
import { writeInt64BE } from './int64';

describe('writeInt64BE', () => {
  it('writes the same bytes as Buffer#writeBigInt64BE, at any offset', () => {
    const values = [0n, 1n, -1n, 255n, 256n, -(1n << 63n), (1n << 63n) - 1n, 0x0102030405060708n, -0x0102030405060708n];
    for (let i = 0; i < 200; i++) values.push(BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) << 11n));
    for (const v of values)
      for (const at of [0, 3, 8]) {
        const want = Buffer.alloc(17, 0xaa);
        want.writeBigInt64BE(v, at);
        const got = Buffer.alloc(17, 0xaa);
        writeInt64BE(got, v, at);
        expect(got.equals(want), `${v} at ${at}`).toBe(true);
      }
  });

  it('writes into a view at its own offset and refuses to write past its end', () => {
    const whole = Buffer.alloc(24);
    writeInt64BE(whole.subarray(8, 16), -2n, 0);
    expect(whole.readBigInt64BE(8)).toBe(-2n);
    expect(whole.readBigInt64BE(0)).toBe(0n);
    expect(whole.readBigInt64BE(16)).toBe(0n);
    expect(() => writeInt64BE(Buffer.alloc(8), 1n, 1)).toThrow(RangeError);
  });
});

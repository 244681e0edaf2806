import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../frameAssembler';
import { kafkaFrameFormat, MIN_REQUEST_BYTES, type KafkaFrameLimits } from './frameReader';

function frame(apiKey: number, bodyBytes: number, fill: number): Buffer {
  const out = Buffer.alloc(4 + 10 + bodyBytes, fill);
  out.writeInt32BE(out.length - 4, 0);
  out.writeInt16BE(apiKey, 4);
  return out;
}

describe('Kafka framing', () => {
  it('asks its allocator for frames larger than half the scratch, with their API key, and copies the rest', () => {
    const asked: Array<{ bytes: number; apiKey: number }> = [];
    const limits: KafkaFrameLimits = { minFrameBytes: MIN_REQUEST_BYTES, maxFrameBytes: 1 << 20 };
    const assembler = new FrameAssembler(
      kafkaFrameFormat(limits, (bytes, apiKey) => {
        asked.push({ bytes, apiKey });
        return Buffer.allocUnsafe(bytes);
      }),
      16 * 1024,
    );
    const produce = frame(0, 9000, 1);
    const small = frame(3, 20, 2);
    const { frames } = assembler.push(Buffer.concat([small, produce, small]));
    expect(Buffer.concat(frames).equals(Buffer.concat([small, produce, small]))).toBe(true);
    expect(asked).toEqual([{ bytes: produce.length, apiKey: 0 }]);
  });

  it('refuses sizes outside the limits, which a connection may change as it goes (SASL)', () => {
    const limits: KafkaFrameLimits = { minFrameBytes: MIN_REQUEST_BYTES, maxFrameBytes: 100 };
    const refusal = (bytes: Buffer) => new FrameAssembler(kafkaFrameFormat(limits)).push(bytes).refused;
    expect(refusal(frame(0, 200, 0))).toBe('frame size 210 exceeds maxFrameBytes 100');
    expect(refusal(Buffer.from([0, 0, 0, 3, 1, 2, 3]))).toBe('frame size 3 is below the 10-byte minimum');
    expect(refusal(Buffer.from([0xff, 0xff, 0xff, 0xf0]))).toBe('frame size -16 is below the 10-byte minimum');
    limits.minFrameBytes = 0;
    expect(refusal(Buffer.from([0, 0, 0, 3, 1, 2, 3]))).toBeUndefined();
  });
});

// Kafka's framing for the FrameAssembler: an int32 size, then that many bytes of request.
import type { FrameFormat } from '../../frameAssembler';

/** Smallest legal request: int16 api key, int16 version, int32 correlation id, int16 client id length. */
export const MIN_REQUEST_BYTES = 10;

/** Mutable, so a connection can hold unauthenticated clients to a smaller frame (see server/connection.ts). */
export interface KafkaFrameLimits {
  /** Lowered to 0 while bare SASL tokens (legacy v0 flow) are expected: they have no request header. */
  minFrameBytes: number;
  maxFrameBytes: number;
}

/**
 * `allocate` provides the memory of frames too large for the assembler's scratch buffer; it is told the frame's API
 * key (-1 when too few bytes have arrived to say) so a caller can pool the memory of large Produce frames.
 */
export function kafkaFrameFormat(
  limits: KafkaFrameLimits,
  allocate: (bytes: number, apiKey: number) => Buffer = (bytes) => Buffer.allocUnsafe(bytes),
): FrameFormat<string> {
  return {
    // A negative size is refused below; 0 keeps the assembler from waiting for bytes that will never be a frame.
    frameBytes: (buf, at, available) => (available < 4 ? -1 : 4 + Math.max(0, buf.readInt32BE(at))),
    refuse(buf, at) {
      const size = buf.readInt32BE(at);
      if (size < limits.minFrameBytes) return `frame size ${size} is below the ${limits.minFrameBytes}-byte minimum`;
      if (size > limits.maxFrameBytes) return `frame size ${size} exceeds maxFrameBytes ${limits.maxFrameBytes}`;
      return undefined;
    },
    allocate: (total, head) => allocate(total, head.length >= 6 ? head.readInt16BE(4) : -1),
  };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameAssembler, RESERVE_AHEAD_BYTES, type FrameFormat } from './frameAssembler';

// A test framing: int32 length of the whole frame, then a fill byte; lengths over `max` are refused.
const testFormat = (max: number, allocated: number[] = []): FrameFormat<string> => ({
  frameBytes: (buf, at, available) => (available < 4 ? -1 : Math.max(0, buf.readInt32BE(at))),
  refuse(buf, at, total) {
    if (total < 5) return `frame of ${total} bytes is too small`;
    return total > max ? `frame of ${total} bytes is over ${max}` : undefined;
  },
  allocate(total) {
    allocated.push(total);
    return Buffer.allocUnsafe(total);
  },
});

const frameOf = (total: number, fill: number): Buffer => {
  const out = Buffer.alloc(total, fill);
  out.writeInt32BE(total, 0);
  return out;
};

/** Plays a socket: each read writes at most the next cut's bytes into whatever readTarget() offers. */
function readThrough(
  assembler: FrameAssembler<string>,
  wire: Buffer,
  cuts: number[],
): { frames: Buffer[]; refused?: string } {
  const frames: Buffer[] = [];
  for (let at = 0, c = 0; at < wire.length; c++) {
    const target = assembler.readTarget();
    expect(target.length).toBeGreaterThan(0);
    const n = Math.min(target.length, cuts[c % cuts.length] as number, wire.length - at);
    wire.copy(target, 0, at, at + n);
    at += n;
    const result = assembler.filled(n);
    frames.push(...result.frames);
    if (result.refused !== undefined) return { frames, refused: result.refused };
  }
  return { frames };
}

describe('FrameAssembler', () => {
  it('returns every frame intact, small and large, whatever the read sizes, read in place or pushed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 5, max: 300 }), fc.integer({ min: 600, max: 3000 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 10 }),
        (sizes, cuts) => {
          const sent = sizes.map((size, i) => frameOf(size, i));
          const wire = Buffer.concat(sent);
          // A 1 KiB scratch, so frames over 512 bytes take the large-frame path.
          const read = readThrough(new FrameAssembler(testFormat(1 << 20), 1024), wire, cuts);
          expect(read.refused).toBeUndefined();
          expect(read.frames.map((f) => f.toString('hex'))).toEqual(sent.map((f) => f.toString('hex')));
          const pushed: Buffer[] = [];
          const assembler = new FrameAssembler(testFormat(1 << 20), 1024);
          for (let at = 0, c = 0; at < wire.length; at += cuts[c++ % cuts.length] as number)
            pushed.push(...assembler.push(wire.subarray(at, at + (cuts[c % cuts.length] as number))).frames);
          expect(Buffer.concat(pushed).equals(wire)).toBe(true);
        },
      ),
    );
  });

  it('reads a large frame straight into memory of its own, offering exactly its remaining bytes', () => {
    const allocated: number[] = [];
    const assembler = new FrameAssembler(testFormat(1 << 20, allocated), 1024);
    const large = frameOf(10_000, 7);
    const first = assembler.readTarget();
    large.copy(first, 0, 0, 100);
    expect(assembler.filled(100).frames).toEqual([]);
    expect(allocated).toEqual([10_000]);
    const rest = assembler.readTarget();
    expect(rest.length).toBe(9_900);
    large.copy(rest, 0, 100);
    const [frame] = assembler.filled(9_900).frames;
    expect(frame?.equals(large)).toBe(true);
    // The frame is its own memory, not the scratch: later reads do not change it.
    expect(frame?.buffer).toBe(rest.buffer);
  });

  it('grows a frame over the reserve as its bytes arrive instead of reserving it all for a header', () => {
    const allocated: number[] = [];
    const assembler = new FrameAssembler(testFormat(64 << 20, allocated), 1024);
    const huge = frameOf(3 * RESERVE_AHEAD_BYTES + 5, 3);
    huge.writeUInt32BE(0xdeadbeef, huge.length - 4);
    const first = assembler.readTarget();
    huge.copy(first, 0, 0, 10);
    assembler.filled(10);
    expect(assembler.readTarget().length).toBe(RESERVE_AHEAD_BYTES - 10);
    const read = readThrough(assembler, huge.subarray(10), [1 << 20]);
    expect(read.frames.length).toBe(1);
    expect(read.frames[0]?.equals(huge)).toBe(true);
    // The format's allocator (a pool) is for frames up to the reserve only.
    expect(allocated).toEqual([]);
  });

  it('copies small frames out of the scratch, so the next read cannot change them', () => {
    const assembler = new FrameAssembler(testFormat(1 << 20), 1024);
    const read = readThrough(assembler, Buffer.concat([frameOf(10, 1), frameOf(10, 2)]), [20]);
    readThrough(assembler, Buffer.concat([frameOf(10, 3), frameOf(10, 4)]), [20]);
    expect(read.frames.map((f) => f[9])).toEqual([1, 2]);
  });

  it('refuses a frame the format refuses, returns the frames before it and nothing after', () => {
    const wire = Buffer.concat([frameOf(20, 1), frameOf(5000, 2), frameOf(20, 3)]);
    const assembler = new FrameAssembler(testFormat(4096), 1024);
    const read = readThrough(assembler, wire, [wire.length]);
    expect(read.frames.map((f) => f.length)).toEqual([20]);
    expect(read.refused).toBe('frame of 5000 bytes is over 4096');
    expect(assembler.push(frameOf(20, 4))).toEqual({ frames: [], refused: 'frame of 5000 bytes is over 4096' });
  });

  it('refuses a header whose length is negative instead of waiting for it', () => {
    const bad = Buffer.alloc(8);
    bad.writeInt32BE(-7, 0);
    expect(new FrameAssembler(testFormat(4096), 1024).push(bad).refused).toBe('frame of 0 bytes is too small');
  });
});

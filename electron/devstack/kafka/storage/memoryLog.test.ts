import { describe, expect, it } from 'vitest';
import { inspectBatch, isBatchProblem } from '../protocol/recordBatch';
import { buildRecordBatch } from '../testing/buildRecordBatch';
import { recyclePooledBuffers, takePooledBuffer } from './bufferPool';
import { MemoryLog } from './memoryLog';
import { resolveLogConfig } from './topicConfig';

describe('MemoryLog', () => {
  it('copies a batch that sits in pooled memory, so reusing that memory cannot change the log', () => {
    const batch = buildRecordBatch([{ value: Buffer.alloc(400_000, 'a') }]);
    const frame = takePooledBuffer(batch.length + 100);
    batch.copy(frame, 100);
    const inFrame = frame.subarray(100, 100 + batch.length);
    const info = inspectBatch(inFrame, 0);
    if (isBatchProblem(info)) throw new Error(info.message);
    const log = new MemoryLog(resolveLogConfig({}, new Map()));
    log.append(inFrame, info);
    recyclePooledBuffers([frame]);
    takePooledBuffer(frame.length).fill(0);
    const [stored] = log.read(0, 1 << 20).chunks;
    expect(stored?.subarray(12).equals(batch.subarray(12))).toBe(true);
  });
});

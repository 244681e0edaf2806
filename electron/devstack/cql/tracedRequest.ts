// A request with the frame's tracing flag (QUERY, PREPARE, EXECUTE, BATCH): a trace session around it, and the
// response carries the session id first in its body with the tracing flag set (spec section 2.4.1.2).
import { CONSISTENCY_NAMES } from './engine/consistency';
import { BodyReader } from './protocol/bodyReader';
import { FrameFlag, Opcode } from './protocol/constants';
import type { RawFrame } from './protocol/frameSplitter';
import { HEADER_BYTES } from './protocol/frameWriter';
import type { RequestContext } from './requestHandlers';

export const TRACEABLE = new Set<number>([Opcode.query, Opcode.prepare, Opcode.execute, Opcode.batch]);

const REQUEST: Record<number, [command: string, request: string]> = {
  [Opcode.query]: ['QUERY', 'Execute CQL3 query'],
  [Opcode.prepare]: ['QUERY', 'Preparing CQL3 query'],
  [Opcode.execute]: ['QUERY', 'Execute CQL3 prepared query'],
  [Opcode.batch]: ['QUERY', 'Execute batch of CQL3 queries'],
};

/** What Cassandra lists in a session's parameters, read from a copy of the body (the handler reads the original). */
function parameters(ctx: RequestContext, frame: RawFrame, r: BodyReader): Record<string, string> {
  const peek = new BodyReader(r.buf, r.pos, r.end);
  const out: Record<string, string> = {};
  try {
    if (frame.flags & FrameFlag.customPayload) peek.skipBytesMap();
    if (frame.opcode === Opcode.query || frame.opcode === Opcode.prepare) out.query = peek.longString();
    if (frame.opcode === Opcode.execute) {
      const id = peek.shortBytes().toString('hex');
      out.query = ctx.preparedQueries.get(id) ?? `<prepared ${id}>`;
    }
    if (frame.opcode === Opcode.query) out.consistency_level = CONSISTENCY_NAMES[peek.short()] ?? 'ONE';
  } catch {
    // A body that does not decode fails in the handler, with its own error; the trace just has less.
  }
  return out;
}

/** The response with the trace id put first in its body and the tracing flag set. */
export function withTraceId(frame: Buffer, id: Buffer): Buffer {
  const out = Buffer.allocUnsafe(frame.length + 16);
  frame.copy(out, 0, 0, HEADER_BYTES);
  id.copy(out, HEADER_BYTES);
  frame.copy(out, HEADER_BYTES + 16, HEADER_BYTES);
  out[1] = (out[1] as number) | FrameFlag.tracing;
  out.writeInt32BE(out.length - HEADER_BYTES, 5);
  return out;
}

export async function traced(
  ctx: RequestContext,
  frame: RawFrame,
  r: BodyReader,
  handle: () => Promise<Buffer>,
): Promise<Buffer> {
  const [command, request] = REQUEST[frame.opcode] ?? ['QUERY', 'Execute CQL3 query'];
  const params = parameters(ctx, frame, r);
  const trace = ctx.traces.begin({ client: ctx.client, command, request, parameters: params });
  if (params.query !== undefined && frame.opcode !== Opcode.execute) trace.event(`Parsing ${params.query}`);
  trace.event(frame.opcode === Opcode.prepare ? 'Preparing statement' : 'Executing statement');
  const response = await handle();
  trace.event(response[4] === Opcode.error ? 'Request failed' : 'Request complete');
  trace.finish();
  return withTraceId(response, trace.id);
}

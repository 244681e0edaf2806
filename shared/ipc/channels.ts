import type { z } from 'zod';
import { channelName, type DomainContract, type EventMerge } from './contract';
import { CONTRACT } from './contracts';
import type { IpcError } from './types';

/** A request channel: where it belongs and the schema its payload must pass. */
export interface MethodChannel {
  domain: string;
  name: string;
  request: z.ZodType;
}

/** An event channel and how its batches merge. */
export interface EventChannel {
  domain: string;
  name: string;
  merge: EventMerge;
}

const methods = new Map<string, MethodChannel>();
const events = new Map<string, EventChannel>();
for (const [domain, contract] of Object.entries(CONTRACT) as [string, DomainContract][]) {
  for (const [name, spec] of Object.entries(contract.methods)) {
    methods.set(channelName(domain, name), { domain, name, request: spec.request });
  }
  for (const [name, spec] of Object.entries(contract.events)) {
    events.set(channelName(domain, name), { domain, name, merge: spec.merge });
  }
}

/** Every request channel of the contract, e.g. `pipeline:start`. */
export const METHOD_CHANNELS: ReadonlyMap<string, MethodChannel> = methods;

/** Every event channel of the contract, e.g. `pipeline:metrics`. */
export const EVENT_CHANNELS: ReadonlyMap<string, EventChannel> = events;

/** Checks a request against its channel's schema; the error names the field at fault. */
export function validateRequest(
  channel: string,
  payload: unknown,
): { ok: true; value: unknown } | { ok: false; error: IpcError } {
  const spec = methods.get(channel);
  if (!spec)
    return { ok: false, error: { code: 'unknown_channel', message: `no such request: ${channel}`, retriable: false } };
  const parsed = spec.request.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  return {
    ok: false,
    error: {
      code: 'invalid_request',
      message: `${channel} ${where}${first?.message ?? 'invalid payload'}`,
      retriable: false,
    },
  };
}

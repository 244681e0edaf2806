import { z } from 'zod';

/** One request: a runtime schema for its payload and a phantom type for its answer (answers come from our own core). */
export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  request: Req;
  /** Type only; never read at runtime. */
  response?: Res;
}

/** How an event's payloads combine when batched: keep the newest, or append lists (capped). */
export type EventMerge = 'latest' | 'append';

/** One event: its payload type (phantom) and how batches merge. */
export interface EventSpec<P = unknown> {
  merge: EventMerge;
  payload?: P;
}

/** A domain's contract: requests and events. */
export interface DomainContract {
  methods: Record<string, MethodSpec>;
  events: Record<string, EventSpec>;
}

/** Declares a method whose answer is `Res`; `request` validates what the caller sends. */
export function method<Res>() {
  return <Req extends z.ZodType>(request: Req): MethodSpec<Req, Res> => ({ request });
}

/** A method that takes no payload. */
export function query<Res>(): MethodSpec<z.ZodOptional<z.ZodUndefined>, Res> {
  return { request: z.undefined().optional() };
}

/** Declares an event with payload `P`. */
export function event<P>(merge: EventMerge): EventSpec<P> {
  return { merge };
}

/** The request payload type of a method. */
export type RequestOf<M> = M extends MethodSpec<infer Req, unknown> ? z.input<Req> : never;

/** The answer type of a method. */
export type ResponseOf<M> = M extends MethodSpec<z.ZodType, infer Res> ? Res : never;

/** The payload type of an event. */
export type PayloadOf<E> = E extends EventSpec<infer P> ? P : never;

/** `pipeline` + `start` → `pipeline:start`: the one way channel names are made. */
export function channelName(domain: string, name: string): string {
  return `${domain}:${name}`;
}

/** `metrics` → `onMetrics`. */
export function listenerName<N extends string>(name: N): `on${Capitalize<N>}` {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<N>}`;
}

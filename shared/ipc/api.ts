import type { DomainContract, PayloadOf, RequestOf, ResponseOf } from './contract';
import { channelName, listenerName } from './contract';
import { CONTRACT, type Contract } from './contracts';
import type { IpcResult } from './types';

type MethodFn<M> =
  undefined extends RequestOf<M>
    ? (request?: RequestOf<M>) => Promise<IpcResult<ResponseOf<M>>>
    : (request: RequestOf<M>) => Promise<IpcResult<ResponseOf<M>>>;

type DomainApi<D extends DomainContract> = { [K in keyof D['methods']]: MethodFn<D['methods'][K]> } & {
  [K in keyof D['events'] & string as `on${Capitalize<K>}`]: (
    listener: (payload: PayloadOf<D['events'][K]>) => void,
  ) => () => void;
};

/** `window.api`: one object per domain, methods returning results and `onX(cb) → unsubscribe` per event. */
export type Api = { [D in keyof Contract]: DomainApi<Contract[D]> };

/** What a host provides to carry the contract: request/answer and event subscription, by channel name. */
export interface ApiTransport {
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Builds `window.api` mechanically from the contract; the same shape whichever transport carries it. */
export function buildApi(transport: ApiTransport): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [domain, contract] of Object.entries(CONTRACT) as [string, DomainContract][]) {
    const domainApi: Record<string, unknown> = {};
    for (const name of Object.keys(contract.methods)) {
      const channel = channelName(domain, name);
      domainApi[name] = (request?: unknown) => transport.invoke(channel, request);
    }
    for (const name of Object.keys(contract.events)) {
      const channel = channelName(domain, name);
      domainApi[listenerName(name)] = (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`${domain}.${listenerName(name)} expects a function`);
        return transport.subscribe(channel, listener);
      };
    }
    api[domain] = Object.freeze(domainApi);
  }
  return Object.freeze(api) as unknown as Api;
}

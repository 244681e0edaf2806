// Options of createKafkaCluster beyond a single broker's: how many brokers, their ports, and extra listeners (each
// broker may listen on several ports at once, e.g. plain, SSL and SASL_SSL as kafkajs' own test setup expects).
import { resolveTlsOption, type TlsKeyPair } from '../../tlsOption';
import { resolveSasl, type KafkaBrokerOptions, type ResolvedBrokerOptions } from '../options';
import type { SaslConfig } from '../server/sasl/session';

/** One more listener of every broker. */
export interface KafkaListenerOptions {
  /** Its port on each broker, in broker order (0 = any free port). */
  ports: number[];
  /** Serve TLS here (an SSL listener, or SASL_SSL with `sasl`). */
  tls?: TlsKeyPair;
  /** Require SASL here; same shape as the broker's `sasl`. */
  sasl?: KafkaBrokerOptions['sasl'];
}

export interface KafkaClusterOptions extends KafkaBrokerOptions {
  /** Number of brokers, node ids `nodeId`, `nodeId + 1`, ... Default 1. */
  brokers?: number;
  /**
   * The main listener's port on each broker. Default: `port`, `port + 1`, ... (all 0 when `port` is 0). The main
   * listener is the one `tls`, `sasl` and `advertisedPort` (then `advertisedPort + i`) apply to.
   */
  ports?: number[];
  /** Listeners beside the main one. */
  listeners?: KafkaListenerOptions[];
}

/** A listener as every broker runs it. */
export interface ListenerSpec {
  ports: number[];
  /** Port put in Metadata per broker; undefined = the real listening port. */
  advertisedPorts: Array<number | undefined>;
  tls: TlsKeyPair | undefined;
  sasl: SaslConfig | undefined;
}

export interface ResolvedClusterOptions {
  nodeIds: number[];
  listeners: ListenerSpec[];
}

const MAX_BROKERS = 16;

function fail(what: string): never {
  throw new RangeError(`createKafkaCluster: ${what}`);
}

function portList(name: string, value: unknown, count: number): number[] {
  if (!Array.isArray(value) || value.length !== count)
    return fail(`option "${name}" must list one port per broker (${count})`);
  for (const port of value as unknown[])
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
      fail(`option "${name}" has ${String(port)}, not a port from 0 to 65535`);
  return value as number[];
}

export function resolveClusterOptions(
  options: KafkaClusterOptions,
  base: ResolvedBrokerOptions,
): ResolvedClusterOptions {
  const count = options.brokers ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BROKERS)
    fail(`option "brokers" must be an integer from 1 to ${MAX_BROKERS} (got ${String(count)})`);
  const nodeIds = Array.from({ length: count }, (_, i) => base.nodeId + i);
  const next = (first: number, i: number): number => (first === 0 ? 0 : first + i);
  const mainPorts =
    options.ports === undefined ? nodeIds.map((_, i) => next(base.port, i)) : portList('ports', options.ports, count);
  if (mainPorts.some((port) => port > 65535)) fail(`port ${base.port} leaves no room for ${count} brokers`);
  const advertised = base.advertisedPort;
  const main: ListenerSpec = {
    ports: mainPorts,
    advertisedPorts: nodeIds.map((_, i) => (advertised === undefined ? undefined : advertised + i)),
    tls: base.tls,
    sasl: base.sasl,
  };
  const extra = (options.listeners ?? []).map((l, at): ListenerSpec => {
    if (typeof l !== 'object' || l === null) return fail(`listeners[${at}] must be an object { ports, tls?, sasl? }`);
    return {
      ports: portList(`listeners[${at}].ports`, l.ports, count),
      advertisedPorts: nodeIds.map(() => undefined),
      tls: resolveTlsOption('createKafkaCluster', l.tls),
      sasl: resolveSasl(l.sasl),
    };
  });
  const listeners = [main, ...extra];
  const fixed = listeners.flatMap((l) => l.ports).filter((port) => port !== 0);
  if (new Set(fixed).size !== fixed.length) fail('two listeners share a port');
  return { nodeIds, listeners };
}

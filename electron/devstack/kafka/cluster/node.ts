// One broker of the cluster as a set of listening ports: started, stopped (connections refused, as a stopped Kafka
// broker) and started again on the same ports. What it serves is given per listener by the caller.
import type { Logger } from '../../../../shared/logger';
import { createSocketListener, type SocketListener } from '../../socketListener';
import type { ApiHandler, KafkaMessage } from '../apis/types';
import { serveConnection } from '../server/connection';
import { createSaslSessions } from '../server/sasl/session';
import type { ListenerSpec } from './options';

export interface BrokerNodeOptions {
  nodeId: number;
  /** Index of this broker in each listener's port list. */
  index: number;
  listeners: ListenerSpec[];
  host: string;
  handlersFor(listener: number): ReadonlyMap<number, ApiHandler>;
  apiVersionsList(listener: number): () => KafkaMessage[];
  maxFrameBytes: number;
  logger: Logger;
  nextConnectionId(): number;
  onClosed(connectionId: number): void;
}

export interface BrokerNode {
  nodeId: number;
  /** The real port of each listener (known once started the first time; kept for restarts). */
  ports: number[];
  running(): boolean;
  start(): Promise<void>;
  /** Stops listening and drops this broker's connections. */
  stop(): Promise<void>;
}

export function createBrokerNode(options: BrokerNodeOptions): BrokerNode {
  const { nodeId, index, listeners, logger } = options;
  const ports = listeners.map((l) => l.ports[index] as number);
  // SCRAM credentials are derived once per listener, not per start.
  const sasl = listeners.map((l) => (l.sasl === undefined ? undefined : createSaslSessions(l.sasl)));
  let open: SocketListener[] = [];
  let running = false;

  async function listen(at: number): Promise<SocketListener> {
    const spec = listeners[at] as ListenerSpec;
    const handlers = options.handlersFor(at);
    const apiVersionsList = options.apiVersionsList(at);
    const listener = createSocketListener({
      tls: spec.tls,
      logger,
      name: 'kafka broker',
      onConnection: (socket, input) => {
        serveConnection(socket, input, options.nextConnectionId(), {
          handlers,
          apiVersionsList,
          maxFrameBytes: options.maxFrameBytes,
          logger,
          saslSession: sasl[at],
          onClosed: options.onClosed,
        });
      },
    });
    const server = listener.server;
    server.on('error', (error) => logger.error({ err: error, nodeId }, 'kafka broker: server error'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[at], options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (typeof address === 'object' && address !== null) ports[at] = address.port;
    return listener;
  }

  return {
    nodeId,
    ports,
    running: () => running,
    async start() {
      if (running) return;
      try {
        for (let at = 0; at < listeners.length; at++) open.push(await listen(at));
      } catch (error) {
        await Promise.all(open.map((l) => l.close()));
        open = [];
        throw error;
      }
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      const closing = open;
      open = [];
      await Promise.all(closing.map((l) => l.close()));
    },
  };
}

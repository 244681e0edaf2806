// The embedded stack behind two fault proxies, one per link, as the pipeline would see a cluster some way off.
import { startDevstack, type Devstack } from '../../devstack';
import { createFaultProxy, type FaultConditions, type FaultProxy } from './faultProxy';

export interface ProxiedStack {
  stack: Devstack;
  /** In front of the broker, which advertises it, so every Kafka connection goes through it. */
  kafka: FaultProxy;
  /** In front of the CQL store (the driver keeps to its contact point). */
  cql: FaultProxy;
  close(): Promise<void>;
}

/** Starts the proxies, then the stack advertising the Kafka proxy, then points the proxies at the stack. */
export async function startProxiedStack(
  options: { kafka?: FaultConditions; cql?: FaultConditions; dataDir?: string } = {},
): Promise<ProxiedStack> {
  const kafka = await createFaultProxy(options.kafka);
  const cql = await createFaultProxy(options.cql);
  let stack: Devstack;
  try {
    stack = await startDevstack({ kafkaAdvertisedPort: kafka.port, dataDir: options.dataDir });
  } catch (error) {
    await Promise.all([kafka.close(), cql.close()]);
    throw error;
  }
  kafka.set({ target: stack.kafka.address });
  cql.set({ target: stack.cql.address });
  let closing: Promise<void> | undefined;
  return {
    stack,
    kafka,
    cql,
    close() {
      closing ??= Promise.all([kafka.close(), cql.close()]).then(() => stack.close());
      return closing;
    },
  };
}

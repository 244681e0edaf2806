// Broker config resources in a cluster: the config handlers know one broker (the first node id, whose settings every
// broker shares here), while clients address a broker's configs to that broker by its own id (kafkajs' admin sends
// DescribeConfigs/AlterConfigs for broker "2" to node 2). This maps the receiving broker's id to the handlers' one
// and back, and reports node.id / broker.id as the receiving broker's; another broker's id stays foreign (refused).
import type { ApiHandler, KafkaMessage } from '../apis/types';
import type { ListenerView } from './listenerView';

const BROKER_RESOURCE = 4;
const DESCRIBE_CONFIGS = 32;
/** API key → the response's list of resources. */
const RESULTS: Record<number, string> = { [DESCRIBE_CONFIGS]: 'results', 33: 'responses', 44: 'responses' };
/** Never a node id: a broker resource the handlers will refuse. */
const FOREIGN = '-1';

const list = (value: unknown): KafkaMessage[] => (Array.isArray(value) ? (value as KafkaMessage[]) : []);

export function brokerResourceGuard(inner: ApiHandler, view: ListenerView, handlersNodeId: number): ApiHandler {
  const resultsField = RESULTS[inner.apiKey];
  if (resultsField === undefined || view.nodeId === handlersNodeId) return inner;
  const own = String(view.nodeId);
  const theirs = String(handlersNodeId);
  const isBroker = (r: KafkaMessage): boolean => r.resourceType === BROKER_RESOURCE;
  return {
    ...inner,
    async handle(ctx) {
      const resources = list(ctx.request.resources).map((r) => {
        if (!isBroker(r) || r.resourceName === '') return r;
        return { ...r, resourceName: r.resourceName === own ? theirs : FOREIGN };
      });
      const answer = await inner.handle({ ...ctx, request: { ...ctx.request, resources } });
      if (answer === null) return null;
      const asked = list(ctx.request.resources);
      const results = list(answer[resultsField]).map((r, i) => {
        if (!isBroker(r) || r.resourceName === '') return r;
        const renamed = { ...r, resourceName: asked[i]?.resourceName ?? r.resourceName };
        if (inner.apiKey !== DESCRIBE_CONFIGS || r.resourceName !== theirs) return renamed;
        const configs = list(r.configs).map((c) =>
          c.name === 'node.id' || c.name === 'broker.id' ? { ...c, value: own } : c,
        );
        return { ...renamed, configs };
      });
      return { ...answer, [resultsField]: results };
    },
  };
}

// AlterConfigs (replace a resource's whole set of overrides) and IncrementalAlterConfigs (SET / DELETE / APPEND /
// SUBTRACT per config) for topics, checked as Kafka checks them (unknown names and bad values are INVALID_CONFIG),
// persisted with the topic and obeyed by its logs at once. This broker takes no dynamic broker configs: a broker
// resource is refused with INVALID_REQUEST, naming the configs.
import { ErrorCode } from '../protocol/errorCodes';
import { checkTopicConfig, ConfigType, topicConfigDefs } from '../storage/topicConfig';
import type { BrokerCore } from './brokerCore';
import { BROKER_RESOURCE, isThisBroker, TOPIC_RESOURCE } from './describeConfigs';
import type { ApiHandler, KafkaMessage } from './types';

const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;

type Outcome = { errorCode: number; errorMessage: string | null };

/** Checks a topic's complete new set of overrides; null when every one is valid. */
export function checkTopicConfigs(configs: Record<string, string | null>): Outcome | null {
  for (const [name, value] of Object.entries(configs)) {
    const problem = checkTopicConfig(name, value);
    if (problem !== undefined) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: problem };
  }
  return null;
}

function listOf(value: string | undefined): string[] {
  return value === undefined || value.trim() === '' ? [] : value.split(',').map((v) => v.trim());
}

/** The overrides after IncrementalAlterConfigs' operations, or the Kafka error for them. */
function applyIncremental(current: Record<string, string>, ops: KafkaMessage[]): Record<string, string> | Outcome {
  const next = { ...current };
  const seen = new Set<string>();
  for (const op of ops) {
    const name = op.name as string;
    const value = op.value as string | null;
    if (seen.has(name))
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Error due to duplicate config keys` };
    seen.add(name);
    const def = topicConfigDefs.get(name);
    if (!def) return { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: `Unknown topic config name: ${name}` };
    const operation = op.configOperation as number;
    if (operation === SET) next[name] = value ?? '';
    else if (operation === DELETE) delete next[name];
    else if (operation === APPEND || operation === SUBTRACT) {
      if (def.type !== ConfigType.LIST)
        return {
          errorCode: ErrorCode.INVALID_CONFIG,
          errorMessage: `Config value append is not allowed for config key: ${name}`,
        };
      const base = listOf(next[name] ?? def.defaultValue);
      const given = listOf(value ?? '');
      const result =
        operation === APPEND
          ? [...base, ...given.filter((v) => !base.includes(v))]
          : base.filter((v) => !given.includes(v));
      next[name] = result.join(',');
    } else return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown config operation ${operation}` };
  }
  return next;
}

function alterHandler(core: BrokerCore, apiKey: number, maxVersion: number, incremental: boolean): ApiHandler {
  return {
    apiKey,
    minVersion: 0,
    maxVersion,
    async handle({ request }) {
      const validateOnly = request.validateOnly === true;
      const responses = (request.resources as KafkaMessage[]).map((resource) => {
        const resourceType = resource.resourceType as number;
        const resourceName = resource.resourceName as string;
        const ops = resource.configs as KafkaMessage[];
        const answer = (o: Outcome): KafkaMessage => ({ ...o, resourceType, resourceName });
        if (resourceType === BROKER_RESOURCE && isThisBroker(core, resourceName))
          return answer({
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `Cannot update these configs dynamically: ${ops.map((o) => o.name as string).join(', ')}`,
          });
        if (resourceType !== TOPIC_RESOURCE)
          return answer({
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `unsupported resource ${resourceType} "${resourceName}"`,
          });
        const topic = core.store.get(resourceName);
        if (!topic)
          return answer({
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `Topic ${resourceName} does not exist.`,
          });
        let next: Record<string, string>;
        if (incremental) {
          const applied = applyIncremental(topic.configs, ops);
          if ('errorCode' in applied) return answer(applied as Outcome);
          next = applied;
        } else {
          next = {};
          for (const op of ops) next[op.name as string] = op.value as string;
        }
        const problem = checkTopicConfigs(next);
        if (problem) return answer(problem);
        if (!validateOnly) {
          core.store.setConfigs(topic, next);
          core.logger.info({ topic: resourceName, configs: next }, 'kafka broker: topic configs altered');
        }
        return answer({ errorCode: 0, errorMessage: null });
      });
      return { responses };
    },
  };
}

export function alterConfigsHandler(core: BrokerCore): ApiHandler {
  return alterHandler(core, 33, 2, false);
}

export function incrementalAlterConfigsHandler(core: BrokerCore): ApiHandler {
  return alterHandler(core, 44, 1, true);
}

// DescribeConfigs for topics (type 2) and this broker (type 4), as Kafka answers: every config with its value,
// source, read-only flag and type, synonyms when asked (v1+), isDefault at v0. See configResources.ts.
import { ErrorCode } from '../protocol/errorCodes';
import type { BrokerCore } from './brokerCore';
import { ConfigSource, describeBrokerConfigs, describeTopicConfigs, type DescribedConfig } from './configResources';
import type { ApiHandler, KafkaMessage } from './types';

export const TOPIC_RESOURCE = 2;
export const BROKER_RESOURCE = 4;

/** Whether `name` is this broker as a config resource ("" = the cluster-wide default, answered the same here). */
export function isThisBroker(core: BrokerCore, name: string): boolean {
  return name === '' || name === String(core.identity().nodeId);
}

function entry(c: DescribedConfig, includeSynonyms: boolean): KafkaMessage {
  return {
    name: c.name,
    value: c.value,
    readOnly: c.readOnly,
    isDefault: c.source === ConfigSource.DEFAULT,
    configSource: c.source,
    isSensitive: false,
    synonyms: includeSynonyms ? c.synonyms : [],
    configType: c.type,
    documentation: null,
  };
}

export function describeConfigsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 4,
    async handle({ request }) {
      const includeSynonyms = request.includeSynonyms === true;
      const results = (request.resources as KafkaMessage[]).map((resource) => {
        const resourceType = resource.resourceType as number;
        const resourceName = resource.resourceName as string;
        const keys = resource.configurationKeys as string[] | null;
        const fail = (errorCode: number, errorMessage: string): KafkaMessage => ({
          errorCode,
          errorMessage,
          resourceType,
          resourceName,
          configs: [],
        });
        let configs: DescribedConfig[];
        if (resourceType === TOPIC_RESOURCE) {
          const topic = core.store.get(resourceName);
          if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${resourceName} does not exist.`);
          configs = describeTopicConfigs(topic, core.store.brokerSettings);
        } else if (resourceType === BROKER_RESOURCE && isThisBroker(core, resourceName)) {
          // "" is the cluster-wide default resource: Kafka lists only configs set dynamically there, none here.
          configs = resourceName === '' ? [] : describeBrokerConfigs(core.store.brokerSettings);
        } else {
          return fail(ErrorCode.INVALID_REQUEST, `unsupported resource ${resourceType} "${resourceName}"`);
        }
        const wanted = keys === null || keys.length === 0 ? configs : configs.filter((c) => keys.includes(c.name));
        return {
          errorCode: 0,
          errorMessage: null,
          resourceType,
          resourceName,
          configs: wanted.map((c) => entry(c, includeSynonyms)),
        };
      });
      return { results };
    },
  };
}

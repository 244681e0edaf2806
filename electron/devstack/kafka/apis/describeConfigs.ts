// DescribeConfigs: read-only view of the few settings this broker actually has, for admin tools (kafkajs
// describeConfigs, the Java AdminClient, UIs). Topic (type 2) and broker (type 4) resources; nothing is alterable.
import { ErrorCode } from '../protocol/errorCodes';
import type { BrokerCore } from './brokerCore';
import type { ApiHandler, KafkaMessage } from './types';

const TOPIC = 2;
const BROKER = 4;
const SOURCE_STATIC_BROKER = 4;
const SOURCE_DEFAULT = 5;
const TYPE_BOOLEAN = 1;
const TYPE_STRING = 2;
const TYPE_INT = 3;
const TYPE_LONG = 5;

interface ConfigEntry {
  name: string;
  value: string;
  type: number;
}

function topicConfigs(core: BrokerCore): ConfigEntry[] {
  return [
    { name: 'cleanup.policy', value: 'delete', type: TYPE_STRING },
    { name: 'compression.type', value: 'producer', type: TYPE_STRING },
    { name: 'message.timestamp.type', value: 'CreateTime', type: TYPE_STRING },
    { name: 'retention.bytes', value: String(core.limits.retentionBytes ?? -1), type: TYPE_LONG },
    { name: 'retention.ms', value: '-1', type: TYPE_LONG },
    { name: 'segment.bytes', value: String(core.limits.segmentBytes), type: TYPE_INT },
    { name: 'max.message.bytes', value: String(core.limits.maxFrameBytes), type: TYPE_INT },
    { name: 'min.insync.replicas', value: '1', type: TYPE_INT },
  ];
}

function brokerConfigs(core: BrokerCore): ConfigEntry[] {
  return [
    { name: 'auto.create.topics.enable', value: 'true', type: TYPE_BOOLEAN },
    { name: 'num.partitions', value: String(core.defaultPartitions), type: TYPE_INT },
    { name: 'default.replication.factor', value: '1', type: TYPE_INT },
    { name: 'log.retention.bytes', value: String(core.limits.retentionBytes ?? -1), type: TYPE_LONG },
    { name: 'log.segment.bytes', value: String(core.limits.segmentBytes), type: TYPE_INT },
    { name: 'message.max.bytes', value: String(core.limits.maxFrameBytes), type: TYPE_INT },
    { name: 'socket.request.max.bytes', value: String(core.limits.maxFrameBytes), type: TYPE_INT },
  ];
}

export function describeConfigsHandler(core: BrokerCore): ApiHandler {
  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 4,
    async handle({ request }) {
      const results = (request.resources as KafkaMessage[]).map((resource) => {
        const resourceType = resource.resourceType as number;
        const resourceName = resource.resourceName as string;
        const keys = resource.configurationKeys as string[] | null;
        let entries: ConfigEntry[];
        if (resourceType === TOPIC) {
          if (!core.store.get(resourceName))
            return {
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              errorMessage: `topic "${resourceName}" does not exist`,
              resourceType,
              resourceName,
              configs: [],
            };
          entries = topicConfigs(core);
        } else if (
          resourceType === BROKER &&
          (resourceName === '' || resourceName === String(core.identity().nodeId))
        ) {
          entries = brokerConfigs(core);
        } else {
          return {
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `unsupported resource ${resourceType} "${resourceName}"`,
            resourceType,
            resourceName,
            configs: [],
          };
        }
        const source = resourceType === TOPIC ? SOURCE_DEFAULT : SOURCE_STATIC_BROKER;
        const configs = entries
          .filter((e) => keys === null || keys.length === 0 || keys.includes(e.name))
          .map((e) => ({
            name: e.name,
            value: e.value,
            readOnly: true,
            isDefault: source === SOURCE_DEFAULT,
            configSource: source,
            isSensitive: false,
            synonyms: [],
            configType: e.type,
            documentation: null,
          }));
        return { errorCode: 0, errorMessage: null, resourceType, resourceName, configs };
      });
      return { results };
    },
  };
}

// The config entries DescribeConfigs reports for a topic or this broker, built as Kafka's ConfigHelper builds them:
// each with its value, source, read-only flag, type and (on request) synonyms, the first synonym being where the
// value comes from. Broker configs are the static settings this broker was started with over Kafka's defaults.
import type { Topic } from '../storage/topicStore';
import { ConfigType, topicConfigDefs, type BrokerSettings } from '../storage/topicConfig';

/** DescribeConfigs config sources. */
export const ConfigSource = { TOPIC: 1, DYNAMIC_BROKER: 2, DYNAMIC_DEFAULT_BROKER: 3, STATIC_BROKER: 4, DEFAULT: 5 };

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  type: number;
  synonyms: ConfigSynonym[];
}

interface BrokerConfigDef {
  name: string;
  type: number;
  defaultValue: string | null;
  /** Can be altered at run time in Kafka (a dynamic broker config); false = read-only. */
  dynamic: boolean;
  /** Names this config falls back to (log.retention.ms → minutes → hours); [] = none. */
  fallbacks: string[];
}

const { BOOLEAN, STRING, INT, SHORT, LONG, LIST } = ConfigType;

/** Broker configs: every broker synonym of a topic config (dynamic in Kafka), plus a few static ones. */
const brokerConfigDefs: ReadonlyMap<string, BrokerConfigDef> = (() => {
  const defs = new Map<string, BrokerConfigDef>();
  for (const topicDef of topicConfigDefs.values()) {
    const names = topicDef.synonyms.map((s) => s.name);
    topicDef.synonyms.forEach((synonym, i) => {
      const type = synonym.toTopic ? INT : topicDef.type;
      defs.set(synonym.name, {
        name: synonym.name,
        type,
        defaultValue: synonym.defaultValue,
        dynamic: true,
        fallbacks: names.slice(i + 1),
      });
    });
  }
  const fixed: Array<[string, number, string | null]> = [
    ['node.id', INT, '-1'],
    ['broker.id', INT, '-1'],
    ['num.partitions', INT, '1'],
    ['default.replication.factor', INT, '1'],
    ['auto.create.topics.enable', BOOLEAN, 'true'],
    ['delete.topic.enable', BOOLEAN, 'true'],
    ['socket.request.max.bytes', INT, '104857600'],
    ['log.dirs', STRING, null],
    ['log.retention.check.interval.ms', LONG, '300000'],
    ['log.cleaner.enable', BOOLEAN, 'true'],
    ['log.cleaner.backoff.ms', LONG, '15000'],
    ['offsets.topic.replication.factor', SHORT, '3'],
    ['transaction.state.log.replication.factor', SHORT, '3'],
    ['listeners', LIST, 'PLAINTEXT://:9092'],
    ['advertised.listeners', STRING, null],
  ];
  for (const [name, type, defaultValue] of fixed)
    defs.set(name, { name, type, defaultValue, dynamic: false, fallbacks: [] });
  return defs;
})();

/** The set-or-default chain of broker configs starting at `name` (Kafka's configSynonyms). */
function brokerChain(names: string[], broker: BrokerSettings): ConfigSynonym[] {
  const out: ConfigSynonym[] = [];
  for (const name of names) {
    const set = broker.get(name);
    if (set !== undefined) out.push({ name, value: set, source: ConfigSource.STATIC_BROKER });
  }
  for (const name of names) {
    const def = brokerConfigDefs.get(name);
    if (def && def.defaultValue !== null) out.push({ name, value: def.defaultValue, source: ConfigSource.DEFAULT });
  }
  return out;
}

/** Every config of a topic: its override, else the broker setting it falls back to, else Kafka's default. */
export function describeTopicConfigs(topic: Topic, broker: BrokerSettings): DescribedConfig[] {
  return [...topicConfigDefs.values()]
    .map((def) => {
      const own = topic.configs[def.name];
      const chain = brokerChain(
        def.synonyms.map((s) => s.name),
        broker,
      );
      const synonyms: ConfigSynonym[] =
        own === undefined ? chain : [{ name: def.name, value: own, source: ConfigSource.TOPIC }, ...chain];
      const first = synonyms[0];
      let value = def.defaultValue;
      if (own !== undefined) value = own;
      else if (first?.source === ConfigSource.STATIC_BROKER) {
        const synonym = def.synonyms.find((s) => s.name === first.name);
        value = synonym?.toTopic ? synonym.toTopic(first.value ?? '0') : (first.value ?? def.defaultValue);
      }
      return {
        name: def.name,
        value,
        readOnly: false,
        source: first?.source === ConfigSource.TOPIC || first?.source === ConfigSource.STATIC_BROKER ? first.source : 5,
        type: def.type,
        synonyms,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The broker's configs: static settings it was started with, Kafka's defaults for the rest. */
export function describeBrokerConfigs(broker: BrokerSettings): DescribedConfig[] {
  return [...brokerConfigDefs.values()]
    .map((def) => {
      const synonyms = brokerChain([def.name, ...def.fallbacks], broker);
      const set = broker.get(def.name);
      return {
        name: def.name,
        value: set ?? def.defaultValue,
        readOnly: !def.dynamic,
        source: set !== undefined ? ConfigSource.STATIC_BROKER : ConfigSource.DEFAULT,
        type: def.type,
        synonyms,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

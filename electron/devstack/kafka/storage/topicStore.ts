// All topics and their partition logs, in memory or under `<dataDir>/topics/<name>/` (topic.json + one directory
// of segments per partition). Implements the TopicCatalog read view given to plug-in handlers.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';
import type { TopicCatalog } from '../apis/types';
import { FileLog } from './fileLog';
import { MemoryLog } from './memoryLog';
import type { PartitionLog } from './partitionLog';
import { resolveLogConfig, type BrokerSettings, type LogConfig } from './topicConfig';

export interface Topic {
  name: string;
  /** Topic id (uuid) as 16 bytes. */
  id: Buffer;
  partitions: PartitionLog[];
  /** Topic config overrides as given (CreateTopics, AlterConfigs), persisted in topic.json. */
  configs: Record<string, string>;
  /** What its logs obey: the overrides over the broker settings. Updated in place, so logs see changes at once. */
  logConfig: LogConfig;
  /** A manual assignment's broker per partition (one replica: the leader); a gap follows the cluster's default. */
  leaders?: Array<number | null>;
}

export interface TopicStoreOptions {
  dataDir: string | undefined;
  /** Broker settings (log.retention.bytes, log.segment.bytes, ...) topic configs fall back to. */
  broker: BrokerSettings;
  logger: Logger;
}

/** Kafka's rule for legal topic names. */
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && /^[a-zA-Z0-9._-]+$/.test(name);
}

interface TopicFile {
  name: string;
  id: string;
  partitions: number;
  configs?: Record<string, string>;
  leaders?: Array<number | null>;
}

export class TopicStore implements TopicCatalog {
  private readonly topics = new Map<string, Topic>();
  private readonly deletedListeners = new Set<(topic: string) => void>();
  private readonly root: string | undefined;

  constructor(private readonly options: TopicStoreOptions) {
    this.root = options.dataDir === undefined ? undefined : join(options.dataDir, 'topics');
    if (this.root === undefined) return;
    mkdirSync(this.root, { recursive: true });
    for (const entry of readdirSync(this.root)) {
      const file = join(this.root, entry, 'topic.json');
      if (!existsSync(file)) continue;
      try {
        const meta = JSON.parse(readFileSync(file, 'utf8')) as TopicFile;
        const configs = meta.configs ?? {};
        const logConfig = resolveLogConfig(configs, options.broker);
        const partitions = Array.from({ length: meta.partitions }, (_, p) => this.openLog(meta.name, p, logConfig));
        this.topics.set(meta.name, {
          name: meta.name,
          id: Buffer.from(meta.id, 'hex'),
          partitions,
          configs,
          logConfig,
          ...(meta.leaders ? { leaders: meta.leaders } : {}),
        });
      } catch (error) {
        options.logger.error({ err: error, file }, 'kafka broker: skipping unreadable topic metadata');
      }
    }
  }

  private openLog(topic: string, partition: number, config: LogConfig): PartitionLog {
    if (this.root === undefined) return new MemoryLog(config);
    return new FileLog({ dir: join(this.root, topic, String(partition)), config, logger: this.options.logger });
  }

  private persist(topic: Topic): void {
    if (this.root === undefined) return;
    const dir = join(this.root, topic.name);
    mkdirSync(dir, { recursive: true });
    const meta: TopicFile = {
      name: topic.name,
      id: topic.id.toString('hex'),
      partitions: topic.partitions.length,
      configs: topic.configs,
      ...(topic.leaders ? { leaders: topic.leaders } : {}),
    };
    // Written to a temporary file and renamed, so a crash never leaves a half-written topic.json.
    writeFileSync(join(dir, 'topic.json.tmp'), JSON.stringify(meta));
    renameSync(join(dir, 'topic.json.tmp'), join(dir, 'topic.json'));
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  byId(id: Buffer): Topic | undefined {
    for (const topic of this.topics.values()) if (topic.id.equals(id)) return topic;
    return undefined;
  }

  all(): Topic[] {
    return [...this.topics.values()];
  }

  /** Creates a topic; the caller has checked the name, that it does not exist, and the configs. */
  create(name: string, partitions: number, configs: Record<string, string> = {}, leaders?: number[]): Topic {
    const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
    const logConfig = resolveLogConfig(configs, this.options.broker);
    const topic: Topic = { name, id, partitions: [], configs: { ...configs }, logConfig };
    if (leaders) topic.leaders = [...leaders];
    for (let p = 0; p < partitions; p++) topic.partitions.push(this.openLog(name, p, logConfig));
    this.topics.set(name, topic);
    this.persist(topic);
    return topic;
  }

  /** Grows a topic to `total` partitions (`leaders`: a manual assignment of the new ones). */
  addPartitions(topic: Topic, total: number, leaders?: number[]): void {
    const first = topic.partitions.length;
    for (let p = first; p < total; p++) topic.partitions.push(this.openLog(topic.name, p, topic.logConfig));
    if (leaders) {
      const all: Array<number | null> = topic.leaders ?? [];
      for (let p = 0; p < total; p++) all[p] = p >= first ? (leaders[p - first] ?? null) : (all[p] ?? null);
      topic.leaders = all;
    }
    this.persist(topic);
  }

  /** Replaces a topic's config overrides (checked by the caller), persists them, and applies them to its logs. */
  setConfigs(topic: Topic, configs: Record<string, string>): void {
    topic.configs = { ...configs };
    Object.assign(topic.logConfig, resolveLogConfig(topic.configs, this.options.broker));
    this.persist(topic);
  }

  /** Broker settings topic configs fall back to. */
  get brokerSettings(): BrokerSettings {
    return this.options.broker;
  }

  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    this.topics.delete(name);
    for (const log of topic.partitions) log.destroy();
    if (this.root !== undefined) rmSync(join(this.root, name), { recursive: true, force: true });
    for (const listener of this.deletedListeners) {
      try {
        listener(name);
      } catch (error) {
        this.options.logger.error({ err: error, topic: name }, 'kafka broker: topic-deleted listener failed');
      }
    }
    return true;
  }

  partitionCount(topic: string): number | undefined {
    return this.topics.get(topic)?.partitions.length;
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  onTopicDeleted(listener: (topic: string) => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  close(): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.close();
  }
}

import { randomUUID } from 'node:crypto';
import type { Admin, Consumer } from 'kafkajs';
import { joinFleet, type FleetView, type HeartbeatEntry } from '../../shared/fleet';
import type { Logger } from '../../shared/logger';
import type { GroupMember, PartitionProgress } from '../../shared/metrics';
import type { Settings } from '../../shared/settings';
import { parseHeartbeat, WORKERS_TOPIC } from '../../shared/workerHeartbeat';
import { createKafkaClient, fetchGroupProgress } from '../pipeline';

/** Options of `startFleetReader`. */
export interface FleetReaderOptions {
  /** The cluster, group and topic to watch. */
  kafka: Settings['kafka'];
  logger: Logger;
  /** Called with every new view, at most once per `pollMs`. */
  onView(view: FleetView): void;
  /** How often the group is described and the view recomputed (default 1 s). */
  pollMs?: number;
  topic?: string;
}

/** A running fleet reader. */
export interface FleetReader {
  view(): FleetView;
  close(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Watches a consumer group without joining it: the admin API describes the group (members, client ids, hosts,
 * partitions) and its lag; the heartbeats topic is read from the start by a consumer in a group of the monitor's own
 * (`userstream-monitor-<uuid>`, never committing), which kafkajs needs to read at all. Both are joined by client id.
 */
export function startFleetReader(options: FleetReaderOptions): FleetReader {
  const { kafka: settings } = options;
  const logger = options.logger.child({ component: 'fleet' });
  const topic = options.topic ?? WORKERS_TOPIC;
  const pollMs = options.pollMs ?? 1_000;
  const kafka = createKafkaClient(settings, logger, '-monitor');
  const heartbeats = new Map<string, HeartbeatEntry>();
  let members: GroupMember[] = [];
  let partitions: PartitionProgress[] = [];
  let error: string | null = null;
  let closed = false;
  let admin: Admin | null = null;
  let consumer: Consumer | null = null;
  const compute = () =>
    joinFleet({
      groupId: settings.groupId,
      topic: settings.topic,
      members,
      partitions,
      heartbeats,
      now: Date.now(),
      error,
    });
  let current = compute();

  const follow = async (a: Admin) => {
    // Never auto-created here: only a worker creates it, compacted.
    if (!(await a.listTopics()).includes(topic)) return;
    const c = kafka.consumer({
      groupId: `userstream-monitor-${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
    });
    await c.connect();
    await c.subscribe({ topics: [topic], fromBeginning: true });
    await c.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const key = message.key?.toString();
        if (!key) return;
        const value = message.value === null ? null : message.value.toString();
        const before = heartbeats.get(key);
        const heartbeat = parseHeartbeat(value);
        if (value !== null && !heartbeat) return;
        heartbeats.set(key, {
          heartbeat,
          previous: heartbeat ?? before?.heartbeat ?? before?.previous ?? null,
          tombstone: value === null,
          receivedAt: Date.now(),
        });
      },
    });
    consumer = c;
  };

  const poll = async () => {
    try {
      if (!admin) {
        const a = kafka.admin();
        await a.connect();
        admin = a;
      }
      if (!consumer) await follow(admin);
      ({ members, partitions } = await fetchGroupProgress(admin, settings.groupId, settings.topic));
      error = null;
    } catch (e) {
      error = `Could not read group ${settings.groupId}: ${messageOf(e)}`;
      logger.debug({ err: messageOf(e) }, 'fleet poll failed');
    }
    if (closed) return;
    current = compute();
    options.onView(current);
  };
  let busy = true;
  const run = () => poll().finally(() => (busy = false));
  let polling: Promise<void> = run();
  // One poll at a time: while the cluster is slow or away, ticks are skipped rather than queued.
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    polling = run();
  }, pollMs);
  let closing: Promise<void> | null = null;
  return {
    view: () => current,
    close: () =>
      (closing ??= (async () => {
        closed = true;
        clearInterval(timer);
        await polling.catch(() => undefined);
        await consumer?.disconnect().catch(() => undefined);
        await admin?.disconnect().catch(() => undefined);
      })()),
  };
}

import type { GroupMember, PartitionProgress } from './metrics';
import type { PipelineState } from './pipelineState';
import type { WorkerHeartbeat } from './workerHeartbeat';

/**
 * How a worker's heartbeats look: `live` (on time), `stale` (three intervals missed), `gone` (a tombstone, 60 s of
 * silence, or six intervals missed once the group dropped it: its session timed out), `silent` (a member of the group
 * that publishes none, e.g. the desktop app's own pipeline).
 */
export type WorkerLiveness = 'live' | 'stale' | 'gone' | 'silent';

/** After this long without a heartbeat a worker is gone. */
export const GONE_AFTER_MS = 60_000;
/** Gone workers stay listed this long, then drop off. */
export const FORGET_AFTER_MS = 10 * 60_000;

/** One worker as a monitor sees it: the group's view (member) joined with its heartbeats. */
export interface FleetWorker {
  /** Worker id when it publishes heartbeats, else the member id. */
  key: string;
  workerId: string | null;
  memberId: string | null;
  clientId: string;
  host: string;
  /** Process id on its host, from its heartbeats. */
  pid: number | null;
  /** Whether the group lists it as a member right now. */
  inGroup: boolean;
  partitions: number[];
  state: PipelineState | null;
  liveness: WorkerLiveness;
  rates: { consumed: number; written: number; rejected: number } | null;
  /** Since the worker started, from its heartbeats; null for a member that publishes none. */
  totals: { written: number; rejected: number; deadLettered: number } | null;
  /** Lag of its partitions, from the group's committed offsets. */
  lag: number;
  p99Ms: number | null;
  /** Epoch ms of its last heartbeat. */
  lastSeen: number | null;
  lastError: string | null;
  version: string | null;
}

/** The fleet of one consumer group. */
export interface FleetView {
  at: number;
  groupId: string;
  topic: string;
  /** Partitions of the topic (0 when the topic is not there yet). */
  topicPartitions: number;
  totalLag: number;
  /** Every partition of the topic: the group's committed offset, the high watermark and the lag. */
  partitions: PartitionProgress[];
  workers: FleetWorker[];
  /** Why the group or the heartbeats could not be read, readable by a person; null when all is well. */
  error: string | null;
}

/** The latest record per worker id on the heartbeats topic. */
export interface HeartbeatEntry {
  heartbeat: WorkerHeartbeat | null;
  /** The last heartbeat before a tombstone, kept to show what went away. */
  previous: WorkerHeartbeat | null;
  tombstone: boolean;
  /** Epoch ms (monitor's clock) when the tombstone was read. */
  receivedAt: number;
}

/** Whether a heartbeat is on time, late or over, at `now`. */
export function livenessOf(entry: HeartbeatEntry, now: number): WorkerLiveness {
  const hb = entry.heartbeat;
  if (entry.tombstone || !hb) return 'gone';
  const age = now - hb.at;
  if (age > GONE_AFTER_MS) return 'gone';
  return age > 3 * hb.intervalMs ? 'stale' : 'live';
}

/** Joins the group's members (DescribeGroups) with the heartbeats of the same group by client id. */
export function joinFleet(input: {
  groupId: string;
  topic: string;
  members: GroupMember[];
  partitions: PartitionProgress[];
  heartbeats: ReadonlyMap<string, HeartbeatEntry>;
  now: number;
  error?: string | null;
}): FleetView {
  const { members, partitions, now } = input;
  const lagOf = new Map(partitions.map((p) => [p.partition, p.lag]));
  const sumLag = (ps: number[]) => ps.reduce((sum, p) => sum + (lagOf.get(p) ?? 0), 0);
  const byClient = new Map<string, [string, HeartbeatEntry]>();
  for (const [workerId, entry] of input.heartbeats) {
    const hb = entry.heartbeat ?? entry.previous;
    if (!hb || hb.groupId !== input.groupId || hb.topic !== input.topic) continue;
    const known = byClient.get(hb.clientId);
    const at = (e: HeartbeatEntry) => (e.heartbeat ?? e.previous)?.at ?? 0;
    if (!known || at(entry) > at(known[1])) byClient.set(hb.clientId, [workerId, entry]);
  }
  const fromHeartbeat = (workerId: string, entry: HeartbeatEntry) => {
    const hb = (entry.heartbeat ?? entry.previous)!;
    return {
      workerId,
      state: entry.tombstone ? ('stopped' as const) : hb.state,
      liveness: livenessOf(entry, now),
      rates: hb.rates,
      totals: hb.totals,
      p99Ms: hb.p99Ms,
      lastSeen: hb.at,
      lastError: hb.lastError,
      version: hb.version,
      pid: hb.pid,
    };
  };
  const workers: FleetWorker[] = [];
  const matched = new Set<string>();
  for (const m of members) {
    const found = byClient.get(m.clientId);
    if (found) matched.add(m.clientId);
    const hb = found ? fromHeartbeat(found[0], found[1]) : null;
    workers.push({
      key: hb?.workerId ?? m.memberId,
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      inGroup: true,
      partitions: m.partitions,
      lag: sumLag(m.partitions),
      ...(hb ?? {
        workerId: null,
        state: null,
        liveness: 'silent' as const,
        rates: null,
        totals: null,
        p99Ms: null,
        lastSeen: null,
        lastError: null,
        version: null,
        pid: null,
      }),
    });
  }
  for (const [clientId, [workerId, entry]] of byClient) {
    if (matched.has(clientId)) continue;
    const hb = fromHeartbeat(workerId, entry);
    // No longer a member and silent for six intervals: the group gave up on it (its session timed out) and its
    // partitions are someone else's. Twice the stale threshold, so a killed worker shows as stale first whichever of
    // the two notices sooner; and only when the group was read: a monitor that cannot see the group cannot tell.
    const interval = (entry.heartbeat ?? entry.previous)!.intervalMs;
    if (hb.liveness === 'stale' && !input.error && now - hb.lastSeen > 6 * interval) hb.liveness = 'gone';
    if (hb.liveness === 'gone' && now - Math.max(hb.lastSeen, entry.receivedAt) > FORGET_AFTER_MS) continue;
    const host = (entry.heartbeat ?? entry.previous)!.host;
    workers.push({ ...hb, key: workerId, memberId: null, clientId, host, inGroup: false, partitions: [], lag: 0 });
  }
  workers.sort((a, b) => a.clientId.localeCompare(b.clientId));
  return {
    at: now,
    groupId: input.groupId,
    topic: input.topic,
    topicPartitions: partitions.length,
    totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
    partitions,
    workers,
    error: input.error ?? null,
  };
}

// Committed group offsets: a map in memory, and with a directory an append-only log of JSON lines (`offsets.log`)
// that is replayed and compacted on open. One write per commit request, so a killed process loses nothing that
// was acknowledged; a torn last line (kill -9 mid-write) is dropped on the next open.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../shared/logger';

/** One committed offset of one partition. Negative offsets (admin resets to -1 / -2) are stored as given. */
export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

/** One partition's commit inside a commit request. */
export interface OffsetEntry {
  topic: string;
  partition: number;
  value: CommittedOffset;
}

export interface OffsetStore {
  /**
   * Stores all entries at once (one log write); throws when the write fails, leaving memory unchanged.
   * `protocolType` is the group's ("consumer", or "" for tools' simple commits), remembered across restarts.
   */
  commit(groupId: string, entries: OffsetEntry[], protocolType?: string): void;
  /** The protocol type recorded with the group's latest commit ("" when unknown). */
  protocolType(groupId: string): string;
  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined;
  /** All committed offsets of a group: topic → partition → offset (empty map when none). */
  groupOffsets(groupId: string): ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>>;
  /** Groups that have at least one committed offset. */
  groupIds(): string[];
  deleteGroup(groupId: string): void;
  /** Drops the offsets of a deleted topic from every group. */
  deleteTopic(topic: string): void;
  /** Closes the log file. Idempotent. */
  close(): void;
}

type LogRecord =
  | {
      op: 'commit';
      group: string;
      topic: string;
      partition: number;
      offset: string;
      epoch: number;
      meta: string | null;
      ts: number;
      /** The group's protocol type; absent in logs written before it was recorded. */
      type?: string;
    }
  | { op: 'deleteGroup'; group: string }
  | { op: 'deleteTopic'; topic: string };

const LOG_FILE = 'offsets.log';
/** Rewrite the log once it holds this many records more than live offsets (and at least twice as many). */
const COMPACT_SLACK = 10_000;

export function createOffsetStore(options: { dir?: string; logger: Logger }): OffsetStore {
  const { dir, logger } = options;
  const groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  const protocolTypes = new Map<string, string>();
  let live = 0;
  let logged = 0;
  let fd: number | undefined;
  let closed = false;

  function apply(record: LogRecord): void {
    if (record.op === 'commit') {
      const topics = groups.get(record.group) ?? new Map<string, Map<number, CommittedOffset>>();
      groups.set(record.group, topics);
      const partitions = topics.get(record.topic) ?? new Map<number, CommittedOffset>();
      topics.set(record.topic, partitions);
      if (!partitions.has(record.partition)) live++;
      if (record.type !== undefined) protocolTypes.set(record.group, record.type);
      partitions.set(record.partition, {
        offset: BigInt(record.offset),
        leaderEpoch: record.epoch,
        metadata: record.meta,
        commitTimestamp: record.ts,
      });
    } else if (record.op === 'deleteGroup') {
      const topics = groups.get(record.group);
      for (const partitions of topics?.values() ?? []) live -= partitions.size;
      groups.delete(record.group);
      protocolTypes.delete(record.group);
    } else {
      for (const [group, topics] of groups) {
        live -= topics.get(record.topic)?.size ?? 0;
        topics.delete(record.topic);
        if (topics.size === 0) {
          groups.delete(group);
          protocolTypes.delete(group);
        }
      }
    }
  }

  function commitRecords(): LogRecord[] {
    const records: LogRecord[] = [];
    for (const [group, topics] of groups)
      for (const [topic, partitions] of topics)
        for (const [partition, v] of partitions)
          records.push({
            op: 'commit',
            group,
            topic,
            partition,
            offset: v.offset.toString(),
            epoch: v.leaderEpoch,
            meta: v.metadata,
            ts: v.commitTimestamp,
            type: protocolTypes.get(group),
          });
    return records;
  }

  const encode = (records: LogRecord[]): string => records.map((r) => JSON.stringify(r) + '\n').join('');

  /** Writes the live offsets to a new file and swaps it in atomically, then appends to it. */
  function compact(path: string): void {
    if (fd !== undefined) closeSync(fd);
    const records = commitRecords();
    const tmp = `${path}.tmp`;
    const out = openSync(tmp, 'w');
    try {
      writeSync(out, encode(records));
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(tmp, path);
    fd = openSync(path, 'a');
    logged = records.length;
  }

  function load(path: string): void {
    if (!existsSync(path)) return;
    const lines = readFileSync(path, 'utf8').split('\n');
    const tail = lines.pop();
    if (tail) logger.warn({ path, bytes: tail.length }, 'kafka groups: dropped a torn last line of the offsets log');
    for (const line of lines) {
      if (!line) continue;
      try {
        apply(JSON.parse(line) as LogRecord);
      } catch (error) {
        logger.warn({ path, err: error }, 'kafka groups: skipped an unreadable offsets log line');
      }
    }
  }

  const path = dir === undefined ? undefined : join(dir, LOG_FILE);
  if (dir !== undefined && path !== undefined) {
    mkdirSync(dir, { recursive: true });
    load(path);
    compact(path);
    logger.info({ path, offsets: live }, 'kafka groups: committed offsets loaded');
  }

  function append(records: LogRecord[]): void {
    if (fd === undefined || path === undefined) return;
    writeSync(fd, encode(records));
    logged += records.length;
    if (logged > COMPACT_SLACK + 2 * live) compact(path);
  }

  return {
    commit(groupId, entries, protocolType) {
      if (closed) throw new Error('offset store is closed');
      const records: LogRecord[] = entries.map((e) => ({
        op: 'commit',
        group: groupId,
        topic: e.topic,
        partition: e.partition,
        offset: e.value.offset.toString(),
        epoch: e.value.leaderEpoch,
        meta: e.value.metadata,
        ts: e.value.commitTimestamp,
        type: protocolType,
      }));
      append(records);
      for (const record of records) apply(record);
    },
    protocolType: (groupId) => protocolTypes.get(groupId) ?? '',
    get: (groupId, topic, partition) => groups.get(groupId)?.get(topic)?.get(partition),
    groupOffsets: (groupId) => groups.get(groupId) ?? new Map(),
    groupIds: () => [...groups.keys()],
    deleteGroup(groupId) {
      if (!groups.has(groupId)) return;
      const record: LogRecord = { op: 'deleteGroup', group: groupId };
      append([record]);
      apply(record);
    },
    deleteTopic(topic) {
      let found = false;
      for (const topics of groups.values()) found ||= topics.has(topic);
      if (!found) return;
      const record: LogRecord = { op: 'deleteTopic', topic };
      append([record]);
      apply(record);
    },
    close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * Per-partition commit watermark: offsets begin in fetch order and are acknowledged in any order; the committable
 * offset is the lowest one still pending (or one past the last begun when none is). Committing it can never skip a
 * row Cassandra has not acknowledged, which is the whole delivery guarantee.
 */
export interface PartitionWatermark {
  readonly topic: string;
  readonly partition: number;
  /** Registers an offset about to be processed; offsets must increase. */
  begin(offset: number): void;
  /** Marks a begun offset done (written, or rejected and kept). */
  ack(offset: number): void;
  /** The next offset a commit may name, or null before anything began. */
  committable(): number | null;
  pending(): number;
  /** The offset last committed through `markCommitted`, or null. */
  lastCommitted(): number | null;
  markCommitted(offset: number): void;
  /** Set when the partition was revoked or reset: acks of in-flight work from before are then ignored. */
  retired: boolean;
}

/** Creates the watermark of one partition for one assignment generation. */
export function createPartitionWatermark(topic: string, partition: number): PartitionWatermark {
  // Pending offsets in begin order (so increasing: found by binary search, no map entry per message); a done flag per
  // entry; `head` skips the acknowledged prefix.
  let offsets: number[] = [];
  let done: boolean[] = [];
  let head = 0;
  let lastBegun: number | null = null;
  let committed: number | null = null;

  const compact = () => {
    // Drop the acknowledged prefix now and then so the arrays stay as small as the in-flight window.
    if (head < 1024 || head < offsets.length / 2) return;
    offsets = offsets.slice(head);
    done = done.slice(head);
    head = 0;
  };
  const find = (offset: number): number => {
    let lo = head;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const o = offsets[mid]!;
      if (o === offset) return mid;
      if (o < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };

  return {
    topic,
    partition,
    retired: false,
    begin(offset) {
      if (lastBegun !== null && offset <= lastBegun) {
        throw new Error(`offset ${offset} of ${topic}/${partition} began after ${lastBegun}`);
      }
      lastBegun = offset;
      offsets.push(offset);
      done.push(false);
    },
    ack(offset) {
      const i = find(offset);
      if (i < 0 || done[i]) return;
      done[i] = true;
      while (head < offsets.length && done[head]) head++;
      compact();
    },
    committable() {
      if (head < offsets.length) return offsets[head]!;
      return lastBegun === null ? null : lastBegun + 1;
    },
    pending() {
      let n = 0;
      for (let i = head; i < offsets.length; i++) if (!done[i]) n++;
      return n;
    },
    lastCommitted: () => committed,
    markCommitted(offset) {
      committed = offset;
    },
  };
}

/** The watermarks of every partition this member owns, replaced wholesale on each (re)assignment. */
export interface WatermarkBook {
  get(topic: string, partition: number): PartitionWatermark;
  /** Retires every watermark: acks of older work no longer move anything. */
  retireAll(): void;
  /** Commits due: partitions whose committable offset moved past the last commit. */
  due(): { watermark: PartitionWatermark; offset: number }[];
  all(): PartitionWatermark[];
  pendingTotal(): number;
}

export function createWatermarkBook(): WatermarkBook {
  const byKey = new Map<string, PartitionWatermark>();
  return {
    get(topic, partition) {
      const key = `${topic}\u0000${partition}`;
      let w = byKey.get(key);
      if (!w) {
        w = createPartitionWatermark(topic, partition);
        byKey.set(key, w);
      }
      return w;
    },
    retireAll() {
      for (const w of byKey.values()) w.retired = true;
      byKey.clear();
    },
    due() {
      const out: { watermark: PartitionWatermark; offset: number }[] = [];
      for (const w of byKey.values()) {
        const offset = w.committable();
        if (offset !== null && offset !== w.lastCommitted()) out.push({ watermark: w, offset });
      }
      return out;
    },
    all: () => [...byKey.values()],
    pendingTotal() {
      let n = 0;
      for (const w of byKey.values()) n += w.pending();
      return n;
    },
  };
}

import { AssignerProtocol, type Admin } from 'kafkajs';
import type { GroupMember, PartitionProgress } from '../../shared/metrics';

/** Committed offsets, high watermarks, lag and members of the group, read through the admin API. */
export async function fetchGroupProgress(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ partitions: PartitionProgress[]; members: GroupMember[] }> {
  const [committed, highs, groups] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [topic] }),
    admin.fetchTopicOffsets(topic),
    admin.describeGroups([groupId]),
  ]);
  const members: GroupMember[] = (groups.groups[0]?.members ?? []).map((m) => {
    let partitions: number[] = [];
    try {
      const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      partitions = assignment?.assignment[topic] ?? [];
    } catch {
      // An assignment from another kind of client: show the member without partitions.
    }
    return {
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      partitions: [...partitions].sort((a, b) => a - b),
    };
  });
  const owner = new Map<number, string>();
  for (const m of members) for (const p of m.partitions) owner.set(p, m.memberId);
  const committedByPartition = new Map<number, number>();
  for (const t of committed) {
    if (t.topic !== topic) continue;
    for (const p of t.partitions) {
      const n = Number(p.offset);
      if (n >= 0) committedByPartition.set(p.partition, n);
    }
  }
  const partitions = highs
    .map((h) => {
      const high = Number(h.high ?? h.offset);
      const low = Number(h.low ?? 0);
      const c = committedByPartition.get(h.partition) ?? null;
      const progress: PartitionProgress = {
        topic,
        partition: h.partition,
        committedOffset: c,
        highWatermark: high,
        lag: Math.max(0, high - (c ?? low)),
      };
      const memberId = owner.get(h.partition);
      if (memberId) progress.memberId = memberId;
      return progress;
    })
    .sort((a, b) => a.partition - b.partition);
  return { partitions, members };
}

// One member of a classic group: what it joined with, what it was assigned, and the requests it is blocked in.
import type { TimerHandle } from './clock';
import type { GroupProtocol, JoinGroupRequest, JoinGroupResult, SyncGroupResult } from './types';

export interface Member {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  /** Set while the member's JoinGroup waits for the rebalance barrier. */
  joinWaiter?: (result: JoinGroupResult) => void;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  syncWaiter?: (result: SyncGroupResult) => void;
  /** Fires when the session timeout passes without a heartbeat. */
  sessionTimer?: TimerHandle;
}

export function sameProtocols(a: GroupProtocol[], b: GroupProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.metadata.equals(b[i].metadata));
}

export function metadataFor(member: Member, protocolName: string | null): Buffer {
  return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
}

/**
 * Kafka's choice: keep the protocols every member supports, let each member vote for its most preferred one of
 * those, and take the most voted (ties go to the first member's preference order).
 */
export function selectProtocol(members: Iterable<Member>): string | null {
  const list = [...members];
  const first = list[0];
  if (!first) return null;
  const candidates = first.protocols
    .map((p) => p.name)
    .filter((name) => list.every((m) => m.protocols.some((p) => p.name === name)));
  const votes = new Map<string, number>(candidates.map((name) => [name, 0]));
  for (const member of list) {
    const vote = member.protocols.find((p) => votes.has(p.name));
    if (vote) votes.set(vote.name, (votes.get(vote.name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = name;
  return best;
}

export function findByInstance(members: Iterable<Member>, groupInstanceId: string): Member | undefined {
  for (const m of members) if (m.groupInstanceId === groupInstanceId) return m;
  return undefined;
}

/** A request naming a static instance that now belongs to another member id comes from a replaced incarnation. */
export function isFencedInstance(
  members: Iterable<Member>,
  ref: { memberId: string; groupInstanceId: string | null },
): boolean {
  if (ref.groupInstanceId === null) return false;
  const owner = findByInstance(members, ref.groupInstanceId);
  return owner !== undefined && owner.memberId !== ref.memberId;
}

/** Whether a joining member fits the group: same protocol type, and a protocol every other member supports. */
export function acceptsProtocols(
  members: Iterable<Member>,
  protocolType: string | null,
  req: JoinGroupRequest,
): boolean {
  if (req.protocolType === '' || req.protocols.length === 0) return false;
  const list = [...members];
  if (list.length === 0) return true;
  const others = list.filter((m) => m.memberId !== req.memberId);
  if (req.protocolType !== protocolType) return false;
  return req.protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
}

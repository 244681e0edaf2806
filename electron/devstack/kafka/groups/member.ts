// One member of a classic group: what it joined with, what it was assigned, and the requests it is blocked in.
import type { TimerHandle } from './clock';
import type { GroupProtocol, JoinGroupResult, SyncGroupResult } from './types';

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

import type { GroupMember } from '../../../../shared/metrics';

/** The group as one observation saw it (a metrics snapshot's members, or a fleet view's members). */
export interface GroupSample {
  at: number;
  members: readonly GroupMember[];
}

/** One rebalance: the group's membership or assignment changed between two observations. */
export interface Rebalance {
  /** When the first changed observation was made. */
  at: number;
  /** When the group settled (the last observation of the burst). */
  until: number;
  /** Client ids that joined and left (a restarted member with the same client id is both). */
  joined: string[];
  left: string[];
  /** Partitions whose owner differs between before and after. */
  moved: number;
  /** Members after it. */
  members: number;
}

const ownerOf = (members: readonly GroupMember[]) => {
  const owner = new Map<number, string>();
  for (const m of members) for (const p of m.partitions) owner.set(p, m.memberId);
  return owner;
};

/** A sample's group as a comparable key: member ids with their partitions. */
const signature = (members: readonly GroupMember[]) =>
  members
    .map((m) => `${m.memberId}=${[...m.partitions].sort((a, b) => a - b).join(',')}`)
    .sort()
    .join(';');

function describe(before: readonly GroupMember[], after: readonly GroupMember[], at: number, until: number): Rebalance {
  const beforeIds = new Map(before.map((m) => [m.memberId, m.clientId]));
  const afterIds = new Map(after.map((m) => [m.memberId, m.clientId]));
  const joined = [...afterIds].filter(([id]) => !beforeIds.has(id)).map(([, client]) => client);
  const left = [...beforeIds].filter(([id]) => !afterIds.has(id)).map(([, client]) => client);
  const was = ownerOf(before);
  const now = ownerOf(after);
  let moved = 0;
  for (const p of new Set([...was.keys(), ...now.keys()])) if (was.get(p) !== now.get(p)) moved++;
  return { at, until, joined: joined.sort(), left: left.sort(), moved, members: after.length };
}

/**
 * The rebalances a series of observations shows, oldest first. Changes less than `settleMs` apart are one rebalance
 * (a group passes through members without partitions while it reassigns); a burst that ends where it began is none.
 */
export function rebalancesOf(samples: readonly GroupSample[], settleMs = 5_000): Rebalance[] {
  const out: Rebalance[] = [];
  let burst: { before: readonly GroupMember[]; at: number; last: GroupSample } | null = null;
  const close = () => {
    if (burst && signature(burst.before) !== signature(burst.last.members))
      out.push(describe(burst.before, burst.last.members, burst.at, burst.last.at));
    burst = null;
  };
  for (let i = 1; i < samples.length; i++) {
    const previous = samples[i - 1]!;
    const sample = samples[i]!;
    if (burst && sample.at - burst.last.at > settleMs) close();
    if (signature(previous.members) === signature(sample.members)) continue;
    if (burst) burst.last = sample;
    else burst = { before: previous.members, at: sample.at, last: sample };
  }
  close();
  return out;
}

/** One line for a person: who joined or left and how many partitions moved. */
export function describeRebalance(r: Rebalance): string {
  const parts: string[] = [];
  if (r.joined.length > 0) parts.push(`${r.joined.join(', ')} joined`);
  if (r.left.length > 0) parts.push(`${r.left.join(', ')} left`);
  if (parts.length === 0) parts.push('assignment changed');
  const moved = `${r.moved} partition${r.moved === 1 ? '' : 's'} moved`;
  return `${parts.join('; ')} · ${moved} · ${r.members} member${r.members === 1 ? '' : 's'}`;
}

// JoinGroup and SyncGroup answers that wait (for the join barrier, for the leader's assignment) are parked in the
// member's waiter slot; the group answers them by calling the slot. A closed connection abandons the wait.
import type { Member } from './member';
import type { JoinGroupResult, SyncGroupResult } from './types';

/**
 * Parks a JoinGroup. A JoinGroup already parked for the member is answered with `superseded` (its client re-sent
 * the request, so it gave up on the first). `onClosed` runs if the connection closes while still parked.
 */
export function parkJoin(
  member: Member,
  signal: AbortSignal | undefined,
  superseded: JoinGroupResult,
  onClosed: () => void,
): Promise<JoinGroupResult> {
  member.joinWaiter?.(superseded);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      if (member.joinWaiter === finish) onClosed();
    };
    const finish = (result: JoinGroupResult): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    member.joinWaiter = finish;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parks a follower's SyncGroup; if its connection closes, the member simply stops waiting (its session runs on). */
export function parkSync(
  member: Member,
  signal: AbortSignal | undefined,
  superseded: SyncGroupResult,
): Promise<SyncGroupResult> {
  member.syncWaiter?.(superseded);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      if (member.syncWaiter === finish) member.syncWaiter = undefined;
    };
    const finish = (result: SyncGroupResult): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    member.syncWaiter = finish;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

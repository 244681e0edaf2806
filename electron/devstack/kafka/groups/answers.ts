// The JoinGroup and SyncGroup answers a group gives its members.
import { type Member, metadataFor } from './member';
import type { JoinGroupResult, SyncGroupResult } from './types';

const EMPTY = Buffer.alloc(0);

/** What of a group its answers report. */
export interface GroupGeneration {
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
}

/** A JoinGroup answer carrying only an error (and, for MEMBER_ID_REQUIRED, the member id to use). */
export function joinErrorResult(errorCode: number, memberId: string): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] };
}

/** The current generation as `member` sees it: the leader also gets every member's metadata, to assign from. */
export function joinAnswer(group: GroupGeneration, member: Member, members: Iterable<Member>): JoinGroupResult {
  return {
    errorCode: 0,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    members:
      member.memberId === group.leaderId
        ? [...members].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: metadataFor(m, group.protocolName),
          }))
        : [],
  };
}

/** The member's assignment, or an error without one. */
export function syncAnswer(group: GroupGeneration, member: Member, errorCode = 0): SyncGroupResult {
  return errorCode === 0
    ? { errorCode, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment }
    : { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

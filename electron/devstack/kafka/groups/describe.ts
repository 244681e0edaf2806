// DescribeGroups' view of a group, as Kafka reports it: members are always listed, but their metadata, assignment
// and the chosen protocol only while the group is Stable.
import type { Group } from './group';
import { metadataFor } from './member';
import type { DescribedGroup } from './types';

const EMPTY = Buffer.alloc(0);

export function describeGroup(group: Group): DescribedGroup {
  const stable = group.state === 'Stable';
  return {
    errorCode: 0,
    groupId: group.groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? (group.protocolName ?? '') : '',
    members: group.memberList().map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? metadataFor(m, group.protocolName) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
  };
}

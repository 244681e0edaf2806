// DescribeGroups, ListGroups and DeleteGroups: what kafkajs admin, kcat and the Java AdminClient ask about groups.
import type { ApiHandler } from '../apis/types';
import type { GroupCoordinator } from './coordinator';
import { strings } from './wire';

/** Classic groups are the only kind this coordinator has (ListGroups v5 "types"). */
const GROUP_TYPE = 'classic';

export function describeGroupsHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 15,
    minVersion: 0,
    maxVersion: 5,
    async handle({ request }) {
      return { groups: strings(request.groups).map((id) => coordinator.describeGroup(id)) };
    },
  };
}

export function listGroupsHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 16,
    minVersion: 0,
    maxVersion: 5,
    async handle({ request }) {
      const states = strings(request.statesFilter).map((s) => s.toLowerCase());
      const types = strings(request.typesFilter).map((s) => s.toLowerCase());
      const groups = coordinator
        .listGroups()
        .filter((g) => states.length === 0 || states.includes(g.groupState.toLowerCase()))
        .filter(() => types.length === 0 || types.includes(GROUP_TYPE))
        .map((g) => ({ ...g, groupType: GROUP_TYPE }));
      return { errorCode: 0, groups };
    },
  };
}

export function deleteGroupsHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 42,
    minVersion: 0,
    maxVersion: 2,
    async handle({ request }) {
      const results = strings(request.groupsNames).map((groupId) => ({
        groupId,
        errorCode: coordinator.deleteGroup(groupId),
      }));
      return { results };
    },
  };
}

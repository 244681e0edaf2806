// FindCoordinator, JoinGroup, SyncGroup, Heartbeat and LeaveGroup on the wire, at every version in our schemas.
// kafkajs 2.2.4 uses FindCoordinator 2, JoinGroup 5, SyncGroup 3, Heartbeat 3, LeaveGroup 3; librdkafka 2.0.2
// (Debian kcat) picks the newest it knows, flexible ones included.
import type { ApiHandler, BrokerIdentity, RequestContext } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import type { GroupCoordinator } from './coordinator';
import { bytes, int, list, nullableStr, str, strings } from './wire';

const GROUP_KEY = 0;
/** Transactional ids, served by the transaction coordinator in ../txn/ (shared by every broker of a cluster). */
const TRANSACTION_KEY = 1;

type SignalFor = (ctx: RequestContext) => AbortSignal | undefined;

export function findCoordinatorHandler(identity: () => BrokerIdentity): ApiHandler {
  const answer = (key: string, keyType: number) => {
    const self = identity();
    // This broker coordinates every group and every transactional id (../cluster/ picks the owner in a cluster).
    return keyType === GROUP_KEY || keyType === TRANSACTION_KEY
      ? { key, nodeId: self.nodeId, host: self.host, port: self.port, errorCode: 0, errorMessage: null }
      : {
          key,
          nodeId: -1,
          host: '',
          port: -1,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `key type ${keyType} is not supported by this broker`,
        };
  };
  return {
    apiKey: 10,
    minVersion: 0,
    maxVersion: 6,
    async handle({ version, request }) {
      const keyType = int(request.keyType, GROUP_KEY);
      if (version >= 4) return { coordinators: strings(request.coordinatorKeys).map((key) => answer(key, keyType)) };
      const { nodeId, host, port, errorCode, errorMessage } = answer(str(request.key), keyType);
      return { errorCode, errorMessage, nodeId, host, port };
    },
  };
}

export function joinGroupHandler(coordinator: GroupCoordinator, signalFor: SignalFor): ApiHandler {
  return {
    apiKey: 11,
    minVersion: 0,
    maxVersion: 9,
    async handle(ctx) {
      const { version, request, clientId, clientHost } = ctx;
      const sessionTimeoutMs = int(request.sessionTimeoutMs, 0);
      const result = await coordinator.joinGroup(
        {
          groupId: str(request.groupId),
          memberId: str(request.memberId),
          groupInstanceId: nullableStr(request.groupInstanceId),
          sessionTimeoutMs,
          // v0 has no rebalance timeout: Kafka uses the session timeout.
          rebalanceTimeoutMs: version >= 1 ? int(request.rebalanceTimeoutMs, sessionTimeoutMs) : sessionTimeoutMs,
          protocolType: str(request.protocolType),
          protocols: list(request.protocols).map((p) => ({ name: str(p.name), metadata: bytes(p.metadata) })),
          clientId: clientId ?? '',
          clientHost,
          requireKnownMemberId: version >= 4,
        },
        signalFor(ctx),
      );
      return {
        errorCode: result.errorCode,
        generationId: result.generationId,
        protocolType: result.protocolType,
        // Nullable from v7 only.
        protocolName: version >= 7 ? result.protocolName : (result.protocolName ?? ''),
        leader: result.leader,
        skipAssignment: false,
        memberId: result.memberId,
        members: result.members,
      };
    },
  };
}

export function syncGroupHandler(coordinator: GroupCoordinator, signalFor: SignalFor): ApiHandler {
  return {
    apiKey: 14,
    minVersion: 0,
    maxVersion: 5,
    async handle(ctx) {
      const { request } = ctx;
      const result = await coordinator.syncGroup(
        {
          groupId: str(request.groupId),
          generationId: int(request.generationId, -1),
          memberId: str(request.memberId),
          groupInstanceId: nullableStr(request.groupInstanceId),
          protocolType: nullableStr(request.protocolType),
          protocolName: nullableStr(request.protocolName),
          assignments: list(request.assignments).map((a) => ({
            memberId: str(a.memberId),
            assignment: bytes(a.assignment),
          })),
        },
        signalFor(ctx),
      );
      return { ...result };
    },
  };
}

export function heartbeatHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 12,
    minVersion: 0,
    maxVersion: 4,
    async handle({ request }) {
      const errorCode = coordinator.heartbeat({
        groupId: str(request.groupId),
        generationId: int(request.generationId, -1),
        memberId: str(request.memberId),
        groupInstanceId: nullableStr(request.groupInstanceId),
      });
      return { errorCode };
    },
  };
}

export function leaveGroupHandler(coordinator: GroupCoordinator): ApiHandler {
  return {
    apiKey: 13,
    minVersion: 0,
    maxVersion: 5,
    async handle({ version, request }) {
      const groupId = str(request.groupId);
      if (version >= 3) {
        const members = list(request.members).map((m) => ({
          memberId: str(m.memberId),
          groupInstanceId: nullableStr(m.groupInstanceId),
        }));
        return { ...coordinator.leaveGroup(groupId, members) };
      }
      // v0-2 name one member; its error is the response's error.
      const result = coordinator.leaveGroup(groupId, [{ memberId: str(request.memberId), groupInstanceId: null }]);
      return { errorCode: result.errorCode || (result.members[0]?.errorCode ?? 0) };
    },
  };
}

// The group coordinator as a broker plug-in: its ten API handlers, and the factory the broker calls with its services.
import { join } from 'node:path';
import type {
  ApiHandler,
  ApiHandlerSet,
  BrokerIdentity,
  BrokerServices,
  PendingTxnOffsets,
  RequestContext,
} from '../apis/types';
import { createConnectionSignals } from './connectionSignals';
import { createGroupCoordinator, type GroupCoordinator, type GroupCoordinatorOptions } from './coordinator';
import { describeGroupsHandler, deleteGroupsHandler, listGroupsHandler } from './groupAdminHandlers';
import {
  findCoordinatorHandler,
  heartbeatHandler,
  joinGroupHandler,
  leaveGroupHandler,
  syncGroupHandler,
} from './membershipHandlers';
import { offsetCommitHandler, offsetFetchHandler } from './offsetHandlers';

/** Handlers for FindCoordinator (10), JoinGroup (11), Heartbeat (12), LeaveGroup (13), SyncGroup (14),
 * OffsetCommit (8), OffsetFetch (9), DescribeGroups (15), ListGroups (16) and DeleteGroups (42). */
export function groupApiHandlers(
  coordinator: GroupCoordinator,
  ctx: {
    identity: () => BrokerIdentity;
    /** The signal that aborts when a request's connection closes (default: `ctx.signal` of the request). */
    connectionSignal?: (request: RequestContext) => AbortSignal | undefined;
    /** Offsets of open transactions (OffsetFetch requireStable); absent = none. */
    pendingTxnOffsets?: PendingTxnOffsets;
  },
): ApiHandler[] {
  const signalFor = ctx.connectionSignal ?? ((request: RequestContext) => request.signal);
  return [
    findCoordinatorHandler(ctx.identity),
    joinGroupHandler(coordinator, signalFor),
    syncGroupHandler(coordinator, signalFor),
    heartbeatHandler(coordinator),
    leaveGroupHandler(coordinator),
    offsetCommitHandler(coordinator),
    offsetFetchHandler(coordinator, ctx.pendingTxnOffsets),
    describeGroupsHandler(coordinator),
    listGroupsHandler(coordinator),
    deleteGroupsHandler(coordinator),
  ];
}

/** Coordinator settings a broker may pass through (storage, catalog and logger come from the broker). */
export type GroupPluginOptions = Pick<
  GroupCoordinatorOptions,
  'clock' | 'minSessionTimeoutMs' | 'maxSessionTimeoutMs' | 'groupCleanupIntervalMs'
>;

/**
 * The plug-in factory for `startKafkaBroker(options, [groupCoordinatorPlugin()])`: offsets persist under
 * `<dataDir>/groups`, and a deleted topic's committed offsets are dropped.
 */
export function groupCoordinatorPlugin(options: GroupPluginOptions = {}): (services: BrokerServices) => ApiHandlerSet {
  return (services) => {
    const coordinator = createGroupCoordinator({
      ...options,
      dataDir: services.dataDir === undefined ? undefined : join(services.dataDir, 'groups'),
      catalog: services.catalog,
      logger: services.logger.child({ part: 'groups' }),
    });
    const unsubscribe = services.catalog.onTopicDeleted((topic) => coordinator.deleteTopicOffsets(topic));
    const pendingTxnOffsets = services.attachTxnOffsetSink?.(coordinator);
    const signals = createConnectionSignals();
    return {
      handlers: groupApiHandlers(coordinator, {
        identity: services.identity,
        connectionSignal: signals.signalFor,
        pendingTxnOffsets,
      }),
      connectionClosed: (connectionId) => signals.closed(connectionId),
      async close() {
        unsubscribe();
        signals.closeAll();
        await coordinator.close();
      },
    };
  };
}

// Coordinators in a cluster: FindCoordinator names the broker that owns the key (its address on the listener asked),
// or COORDINATOR_NOT_AVAILABLE while that broker is stopped; group requests sent to another broker get NOT_COORDINATOR
// (Kafka's answer, which makes clients look the coordinator up again); ListGroups lists only the broker's own groups
// (clients ask every broker and add the lists up). The coordinator state itself is shared by all brokers.
import type { ApiHandler, KafkaMessage, RequestContext } from '../apis/types';
import { ErrorCode } from '../protocol/errorCodes';
import type { ListenerView } from './listenerView';

const FIND_COORDINATOR = 10;
const OFFSET_COMMIT = 8;
const OFFSET_FETCH = 9;
const JOIN_GROUP = 11;
const HEARTBEAT = 12;
const LEAVE_GROUP = 13;
const SYNC_GROUP = 14;
const DESCRIBE_GROUPS = 15;
const LIST_GROUPS = 16;
const DELETE_GROUPS = 42;

/** Group API keys this guard knows. */
export const COORDINATOR_APIS = [
  FIND_COORDINATOR,
  OFFSET_COMMIT,
  OFFSET_FETCH,
  JOIN_GROUP,
  HEARTBEAT,
  LEAVE_GROUP,
  SYNC_GROUP,
  DESCRIBE_GROUPS,
  LIST_GROUPS,
  DELETE_GROUPS,
];

const list = (value: unknown): KafkaMessage[] => (Array.isArray(value) ? (value as KafkaMessage[]) : []);

/** Rewrites a successful FindCoordinator answer to name the key's owner on this listener. */
function placeCoordinator(view: ListenerView, key: string, answer: KafkaMessage): KafkaMessage {
  if ((answer.errorCode ?? 0) !== 0) return answer;
  const owner = view.layout.coordinatorOf(key);
  if (!view.layout.isLive(owner))
    return {
      ...answer,
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: 'The coordinator is not available.',
      nodeId: -1,
      host: '',
      port: -1,
    };
  return { ...answer, nodeId: owner, ...view.address(owner) };
}

/** The answer of a group request sent to a broker that does not coordinate the group. */
function notCoordinator(ctx: RequestContext): KafkaMessage {
  const errorCode = ErrorCode.NOT_COORDINATOR;
  const { request, version } = ctx;
  switch (ctx.apiKey) {
    case JOIN_GROUP:
      return {
        errorCode,
        generationId: -1,
        protocolName: version >= 7 ? null : '',
        leader: '',
        memberId: request.memberId,
        members: [],
      };
    case SYNC_GROUP:
      return { errorCode, assignment: Buffer.alloc(0) };
    case OFFSET_COMMIT:
      return {
        topics: list(request.topics).map((t) => ({
          name: t.name,
          partitions: list(t.partitions).map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
        })),
      };
    case OFFSET_FETCH:
      // v0-1 carry the error per partition only.
      return {
        errorCode,
        topics: list(request.topics).map((t) => ({
          name: t.name,
          partitions: ((t.partitionIndexes as number[] | undefined) ?? []).map((partitionIndex) => ({
            partitionIndex,
            committedOffset: -1n,
            metadata: '',
            errorCode,
          })),
        })),
      };
    default:
      return { errorCode, members: [] };
  }
}

function guardGroups(inner: ApiHandler, view: ListenerView): ApiHandler {
  const mine = (groupId: unknown): boolean =>
    typeof groupId !== 'string' || view.layout.coordinatorOf(groupId) === view.nodeId;
  switch (inner.apiKey) {
    case FIND_COORDINATOR:
      return {
        ...inner,
        async handle(ctx) {
          const answer = await inner.handle(ctx);
          if (answer === null) return null;
          if (ctx.version >= 4)
            return {
              ...answer,
              coordinators: list(answer.coordinators).map((c) => placeCoordinator(view, c.key as string, c)),
            };
          return placeCoordinator(view, ctx.request.key as string, answer);
        },
      };
    case LIST_GROUPS:
      return {
        ...inner,
        async handle(ctx) {
          const answer = await inner.handle(ctx);
          if (answer === null) return null;
          return { ...answer, groups: list(answer.groups).filter((g) => mine(g.groupId)) };
        },
      };
    case DESCRIBE_GROUPS:
      return {
        ...inner,
        async handle(ctx) {
          const answer = await inner.handle(ctx);
          if (answer === null) return null;
          const groups = list(answer.groups).map((g) =>
            mine(g.groupId)
              ? g
              : {
                  groupId: g.groupId,
                  errorCode: ErrorCode.NOT_COORDINATOR,
                  groupState: '',
                  protocolType: '',
                  protocolData: '',
                  members: [],
                },
          );
          return { ...answer, groups };
        },
      };
    case DELETE_GROUPS:
      return {
        ...inner,
        async handle(ctx) {
          const names = list(ctx.request.groupsNames) as unknown as string[];
          const own = names.filter(mine);
          const served =
            own.length > 0 ? await inner.handle({ ...ctx, request: { ...ctx.request, groupsNames: own } }) : {};
          if (served === null) return null;
          const others = names
            .filter((n) => !mine(n))
            .map((groupId) => ({ groupId, errorCode: ErrorCode.NOT_COORDINATOR }));
          return { ...served, results: [...list(served.results), ...others] };
        },
      };
    default:
      return {
        ...inner,
        async handle(ctx) {
          // OffsetFetch v8+ names several groups: answer each that is not ours here, the rest through the handler.
          if (ctx.apiKey === OFFSET_FETCH && ctx.version >= 8) {
            const groups = list(ctx.request.groups);
            const own = groups.filter((g) => mine(g.groupId));
            if (own.length === groups.length) return inner.handle(ctx);
            const served =
              own.length > 0 ? await inner.handle({ ...ctx, request: { ...ctx.request, groups: own } }) : {};
            if (served === null) return null;
            const others = groups
              .filter((g) => !mine(g.groupId))
              .map((g) => ({ groupId: g.groupId, topics: [], errorCode: ErrorCode.NOT_COORDINATOR }));
            return { ...served, groups: [...list(served.groups), ...others] };
          }
          return mine(ctx.request.groupId) ? inner.handle(ctx) : notCoordinator(ctx);
        },
      };
  }
}

/** Wraps a group handler (FindCoordinator, membership, offsets, group admin) of one broker's listener. */
export function coordinatorGuard(inner: ApiHandler, view: ListenerView, clustered: boolean): ApiHandler {
  if (!COORDINATOR_APIS.includes(inner.apiKey)) return inner;
  // One broker coordinates everything; only FindCoordinator needs the listener's own address.
  if (!clustered && inner.apiKey !== FIND_COORDINATOR) return inner;
  return guardGroups(inner, view);
}

// Random interleavings of clients that behave like real ones (join, sync, heartbeat; rejoin when told to; forget
// their id on UNKNOWN_MEMBER_ID) with chaos: leaves, closed connections, commits and passing time. Invariants:
// nothing throws, states stay coherent, every member gets the assignment its leader made for it, every request on
// an open connection is answered once the clients go quiet, and no timer outlives the members.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errorCodes';
import { createFakeClock } from './clock';
import { createGroupCoordinator, type GroupCoordinator } from './coordinator';

const GROUP = 'g';
const CLIENTS = 4;
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Action = { kind: 'step' | 'leave' | 'close' | 'commit'; client: number } | { kind: 'advance'; ms: number };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('step' as const), client }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constantFrom('leave', 'close', 'commit' as const), client }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 25_000 }) }),
    weight: 2,
  },
);

interface Client {
  id: number;
  memberId: string;
  generationId: number;
  members: string[];
  needs: 'join' | 'sync' | 'heartbeat';
  busy: boolean;
  connection: AbortController;
}

/** What a client does after an error answer, as kafkajs does. */
function onError(c: Client, errorCode: number): void {
  if (errorCode === ErrorCode.UNKNOWN_MEMBER_ID) c.memberId = '';
  if (errorCode !== 0) c.needs = 'join';
}

function run(coordinator: GroupCoordinator, c: Client, open: Set<Promise<unknown>>): void {
  const watch = <T>(promise: Promise<T>, then: (value: T) => void): void => {
    const connection = c.connection;
    c.busy = true;
    open.add(promise);
    connection.signal.addEventListener('abort', () => open.delete(promise), { once: true });
    void promise.then((value) => {
      open.delete(promise);
      if (connection !== c.connection) return; // answered on a connection the client has given up
      c.busy = false;
      then(value);
    });
  };
  const ref = { groupId: GROUP, generationId: c.generationId, memberId: c.memberId, groupInstanceId: null };
  if (c.needs === 'join') {
    const request = {
      groupId: GROUP,
      memberId: c.memberId,
      groupInstanceId: null,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 20_000,
      protocolType: 'consumer',
      protocols: [{ name: 'rr', metadata: Buffer.from([c.id]) }],
      clientId: `c${c.id}`,
      clientHost: 'h',
      requireKnownMemberId: true,
    };
    watch(coordinator.joinGroup(request, c.connection.signal), (r) => {
      if (r.errorCode === ErrorCode.MEMBER_ID_REQUIRED) c.memberId = r.memberId;
      else if (r.errorCode !== 0) onError(c, r.errorCode);
      else {
        expect(r.memberId).toBe(c.memberId);
        if (r.leader === r.memberId) expect(r.members.map((m) => m.memberId)).toContain(c.memberId);
        c.generationId = r.generationId;
        c.members = r.members.map((m) => m.memberId);
        c.needs = 'sync';
      }
    });
  } else if (c.needs === 'sync') {
    const assignments = c.members.map((m) => ({ memberId: m, assignment: Buffer.from(`${m}@${c.generationId}`) }));
    const request = { ...ref, protocolType: null, protocolName: null, assignments };
    watch(coordinator.syncGroup(request, c.connection.signal), (r) => {
      if (r.errorCode !== 0) return onError(c, r.errorCode);
      // Exactly what the leader of this generation assigned to this member.
      expect(r.assignment.toString()).toBe(`${c.memberId}@${c.generationId}`);
      c.needs = 'heartbeat';
    });
  } else {
    onError(c, coordinator.heartbeat(ref));
  }
}

describe('group coordinator under random interleavings', () => {
  it('keeps its invariants and cleans up after everyone', async () => {
    const statesSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 80 }), async (actions) => {
        const clock = createFakeClock();
        const coordinator = createGroupCoordinator({ clock });
        const clients: Client[] = Array.from({ length: CLIENTS }, (_, id) => ({
          id,
          memberId: '',
          generationId: -1,
          members: [],
          needs: 'join',
          busy: false,
          connection: new AbortController(),
        }));
        const open = new Set<Promise<unknown>>();
        for (const a of actions) {
          if (a.kind === 'advance') clock.advance(a.ms);
          else {
            const c = clients[a.client] as Client;
            if (a.kind === 'step' && !c.busy) run(coordinator, c, open);
            if (a.kind === 'leave') {
              coordinator.leaveGroup(GROUP, [{ memberId: c.memberId, groupInstanceId: null }]);
              c.memberId = '';
              c.needs = 'join';
            }
            if (a.kind === 'close') {
              // kafkajs reconnects and rejoins with the member id it had.
              c.connection.abort();
              c.connection = new AbortController();
              c.busy = false;
              c.needs = 'join';
            }
            if (a.kind === 'commit') {
              const partitions = [
                { partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null },
              ];
              coordinator.commitOffsets({
                groupId: GROUP,
                generationId: c.generationId,
                memberId: c.memberId,
                groupInstanceId: null,
                topics: [{ name: 't', partitions }],
              });
            }
          }
          await flush();
          const described = coordinator.describeGroup(GROUP);
          statesSeen.add(described.groupState);
          if (described.groupState === 'Empty') expect(described.members).toEqual([]);
          if (described.groupState === 'Stable' || described.groupState === 'CompletingRebalance')
            expect(described.members.length).toBeGreaterThan(0);
          expect(new Set(described.members.map((m) => m.memberId)).size).toBe(described.members.length);
        }
        // Everyone goes quiet: sessions and rebalances time out, and every open request gets its answer.
        for (let i = 0; i < 10; i++) {
          clock.advance(30_000);
          await flush();
        }
        expect(open.size).toBe(0);
        expect(['Empty', 'Dead']).toContain(coordinator.describeGroup(GROUP).groupState);
        expect(clock.pending()).toBe(1); // only the periodic cleanup of empty groups
        await coordinator.close();
      }),
      { numRuns: 300 },
    );
    // The generated runs do reach every state (else the invariants above would prove little).
    expect([...statesSeen].sort()).toEqual(['CompletingRebalance', 'Dead', 'Empty', 'PreparingRebalance', 'Stable']);
  });
});

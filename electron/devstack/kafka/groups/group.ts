// One classic consumer group's membership state machine (Kafka's GroupCoordinator semantics):
//   Empty → PreparingRebalance (a member joins) → CompletingRebalance (every known member rejoined, or the rebalance
//   timeout passed and the laggards were removed; generation + 1, leader and protocol chosen) → Stable (the leader's
//   SyncGroup brought the assignment) → PreparingRebalance again when a member joins, leaves, changes or expires.
// Members learn about a rebalance through REBALANCE_IN_PROGRESS on Heartbeat / SyncGroup, then rejoin.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../../shared/logger';
import { ErrorCode } from '../protocol/errorCodes';
import type { Clock, TimerHandle } from './clock';
import { joinAnswer, joinErrorResult, syncAnswer } from './answers';
import {
  acceptsProtocols,
  findByInstance,
  isFencedInstance,
  type Member,
  sameProtocols,
  selectProtocol,
} from './member';
import { parkJoin, parkSync } from './waiters';
import type {
  GroupState,
  JoinGroupRequest,
  JoinGroupResult,
  MemberRef,
  SyncGroupRequest,
  SyncGroupResult,
} from './types';

/** How late Kafka's purgatory may expire a delayed operation (its expiration reaper's tick). */
const PURGATORY_TICK_MS = 200;

const EMPTY = Buffer.alloc(0);

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  private readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED whose second JoinGroup has not arrived yet. */
  private readonly pending = new Map<string, TimerHandle>();
  /** Members of the current generation that have not sent SyncGroup yet. */
  private readonly pendingSync = new Set<string>();
  private rebalanceTimer: TimerHandle | undefined;
  private syncTimer: TimerHandle | undefined;

  constructor(
    readonly groupId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** `signal` aborts when the requesting connection closes (its answer could no longer be delivered). */
  join(req: JoinGroupRequest, signal?: AbortSignal): Promise<JoinGroupResult> {
    if (this.state === 'Dead')
      return Promise.resolve(joinErrorResult(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
    if (!acceptsProtocols(this.members.values(), this.protocolType, req))
      return Promise.resolve(joinErrorResult(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    if (req.memberId === '') {
      const memberId = `${req.clientId || 'member'}-${randomUUID()}`;
      if (req.groupInstanceId !== null) {
        // A static member (KIP-345) that restarts takes over from its old incarnation at once instead of waiting
        // for it to time out; it needs no MEMBER_ID_REQUIRED round trip.
        const old = this.byInstance(req.groupInstanceId);
        if (old) {
          this.logger.info(
            { group: this.groupId, instance: req.groupInstanceId },
            'kafka groups: static member replaced',
          );
          this.removeMember(old, ErrorCode.FENCED_INSTANCE_ID);
        }
        return this.addMember(memberId, req, signal);
      }
      if (!req.requireKnownMemberId) return this.addMember(memberId, req, signal);
      // The id is reserved until the session timeout; a client that never comes back must not hold up the barrier.
      this.pending.set(
        memberId,
        this.clock.setTimer(req.sessionTimeoutMs, () => {
          this.pending.delete(memberId);
          this.checkJoinComplete();
        }),
      );
      return Promise.resolve(joinErrorResult(ErrorCode.MEMBER_ID_REQUIRED, memberId));
    }
    const pendingTimer = this.pending.get(req.memberId);
    if (pendingTimer) {
      pendingTimer.cancel();
      this.pending.delete(req.memberId);
      return this.addMember(req.memberId, req, signal);
    }
    if (this.isFenced(req)) return Promise.resolve(joinErrorResult(ErrorCode.FENCED_INSTANCE_ID, req.memberId));
    const member = this.members.get(req.memberId);
    if (!member) return Promise.resolve(joinErrorResult(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
    const unchanged = sameProtocols(member.protocols, req.protocols);
    if (this.state === 'CompletingRebalance' && unchanged) return Promise.resolve(this.joinResult(member));
    if (this.state === 'Stable' && unchanged && member.memberId !== this.leaderId)
      return Promise.resolve(this.joinResult(member));
    return this.updateMember(member, req, signal);
  }

  sync(req: SyncGroupRequest, signal?: AbortSignal): Promise<SyncGroupResult> {
    const error = (errorCode: number): Promise<SyncGroupResult> =>
      Promise.resolve({ errorCode, protocolType: null, protocolName: null, assignment: EMPTY });
    if (this.state === 'Dead') return error(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (this.isFenced(req)) return error(ErrorCode.FENCED_INSTANCE_ID);
    const member = this.members.get(req.memberId);
    if (!member) return error(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== this.generationId) return error(ErrorCode.ILLEGAL_GENERATION);
    if (
      (req.protocolType !== null && req.protocolType !== this.protocolType) ||
      (req.protocolName !== null && req.protocolName !== this.protocolName)
    )
      return error(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (this.state === 'Empty') return error(ErrorCode.UNKNOWN_MEMBER_ID);
    if (this.state === 'PreparingRebalance') return error(ErrorCode.REBALANCE_IN_PROGRESS);
    this.pendingSync.delete(member.memberId);
    this.touch(member);
    if (this.state === 'Stable') return Promise.resolve(this.syncResult(member));
    // CompletingRebalance: wait for the leader's assignment (the leader itself completes everybody's wait).
    const waiting = this.parkSync(member, signal);
    if (member.memberId === this.leaderId) {
      const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of this.members.values()) m.assignment = given.get(m.memberId) ?? EMPTY;
      this.state = 'Stable';
      this.logger.debug({ group: this.groupId, generation: this.generationId }, 'kafka groups: stable');
      for (const m of this.members.values()) {
        const resolve = m.syncWaiter;
        m.syncWaiter = undefined;
        resolve?.(this.syncResult(m));
      }
    }
    return waiting;
  }

  heartbeat(ref: MemberRef): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (this.isFenced(ref)) return ErrorCode.FENCED_INSTANCE_ID;
    const member = this.members.get(ref.memberId);
    if (!member || this.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
    if (ref.generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(member);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Whether an OffsetCommit from `ref` may be stored; a valid member's commit also counts as a heartbeat. */
  validateCommit(ref: MemberRef): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    // Generation -1 is a "simple" commit by a tool or admin, allowed while nobody consumes.
    if (ref.generationId < 0 && this.state === 'Empty') return ErrorCode.NONE;
    if (this.isFenced(ref)) return ErrorCode.FENCED_INSTANCE_ID;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.members.get(ref.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (ref.generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(member);
    return ErrorCode.NONE;
  }

  /** A static member (KIP-345) may leave by instance id alone, with member id "". */
  leave(memberId: string, groupInstanceId: string | null = null): number {
    if (memberId === '' && groupInstanceId !== null) memberId = this.byInstance(groupInstanceId)?.memberId ?? '';
    else if (this.isFenced({ memberId, groupInstanceId })) return ErrorCode.FENCED_INSTANCE_ID;
    const pendingTimer = this.pending.get(memberId);
    if (pendingTimer) {
      pendingTimer.cancel();
      this.pending.delete(memberId);
      this.checkJoinComplete();
      return ErrorCode.NONE;
    }
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.logger.debug({ group: this.groupId, member: memberId }, 'kafka groups: member left');
    this.removeMember(member);
    this.afterRemoval();
    return ErrorCode.NONE;
  }

  /** The current members, in join order. */
  memberList(): readonly Member[] {
    return [...this.members.values()];
  }

  /** Marks the group deleted (or the coordinator closing): timers stop and blocked requests are answered. */
  shutdown(): void {
    for (const member of [...this.members.values()]) this.removeMember(member, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
    this.rebalanceTimer?.cancel();
    this.syncTimer?.cancel();
    this.state = 'Dead';
  }

  private byInstance(groupInstanceId: string): Member | undefined {
    return findByInstance(this.members.values(), groupInstanceId);
  }

  private isFenced(ref: { memberId: string; groupInstanceId: string | null }): boolean {
    return isFencedInstance(this.members.values(), ref);
  }

  private addMember(
    memberId: string,
    req: JoinGroupRequest,
    signal: AbortSignal | undefined,
  ): Promise<JoinGroupResult> {
    const member: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
    };
    this.members.set(memberId, member);
    this.leaderId ??= memberId;
    if (this.members.size === 1) this.protocolType = req.protocolType;
    this.logger.debug({ group: this.groupId, member: memberId }, 'kafka groups: member joined');
    const waiting = this.parkJoin(member, signal);
    this.startRebalanceOrCheck();
    return waiting;
  }

  private updateMember(
    member: Member,
    req: JoinGroupRequest,
    signal: AbortSignal | undefined,
  ): Promise<JoinGroupResult> {
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    const waiting = this.parkJoin(member, signal);
    this.startRebalanceOrCheck();
    return waiting;
  }

  /**
   * If a JoinGroup's connection closes before the barrier, the answer can never arrive: the member is removed at
   * once rather than holding the barrier, and then partitions, until a timeout.
   */
  private parkJoin(member: Member, signal: AbortSignal | undefined): Promise<JoinGroupResult> {
    const superseded = joinErrorResult(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId);
    return parkJoin(member, signal, superseded, () => {
      if (this.members.get(member.memberId) !== member) return;
      this.logger.info(
        { group: this.groupId, member: member.memberId },
        'kafka groups: connection closed in JoinGroup',
      );
      this.removeMember(member);
      this.afterRemoval();
    });
  }

  private parkSync(member: Member, signal: AbortSignal | undefined): Promise<SyncGroupResult> {
    return parkSync(member, signal, this.syncResult(member, ErrorCode.REBALANCE_IN_PROGRESS));
  }

  private startRebalanceOrCheck(): void {
    if (this.state === 'PreparingRebalance') this.checkJoinComplete();
    else this.prepareRebalance();
  }

  private prepareRebalance(): void {
    if (this.state === 'CompletingRebalance') {
      // Followers waiting for an assignment of a generation that will never be stable must rejoin.
      for (const m of this.members.values()) {
        const resolve = m.syncWaiter;
        m.syncWaiter = undefined;
        resolve?.(this.syncResult(m, ErrorCode.REBALANCE_IN_PROGRESS));
      }
    }
    this.syncTimer?.cancel();
    this.pendingSync.clear();
    this.state = 'PreparingRebalance';
    // Kafka's purgatory reaper expires delayed operations on a 200 ms tick, so a client that asked for a rebalance
    // timeout of 0 (kafkajs' Broker.joinGroup without one) still gets its SyncGroup in: a 0 ms timer here would not.
    const timeout = Math.max(PURGATORY_TICK_MS, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.logger.debug({ group: this.groupId, timeoutMs: timeout }, 'kafka groups: preparing rebalance');
    this.rebalanceTimer?.cancel();
    this.rebalanceTimer = this.clock.setTimer(timeout, () => this.completeJoin());
    this.checkJoinComplete();
  }

  private checkJoinComplete(): void {
    if (this.state !== 'PreparingRebalance' || this.pending.size > 0) return;
    for (const m of this.members.values()) if (!m.joinWaiter) return;
    this.completeJoin();
  }

  /** The join barrier: runs when everyone rejoined, or at the rebalance timeout (removing who did not rejoin). */
  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    this.rebalanceTimer?.cancel();
    this.rebalanceTimer = undefined;
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
    for (const m of [...this.members.values()]) {
      if (m.joinWaiter) continue;
      this.logger.info({ group: this.groupId, member: m.memberId }, 'kafka groups: member did not rejoin in time');
      this.removeMember(m);
    }
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.protocolName = null;
      this.leaderId = null;
      this.logger.debug({ group: this.groupId, generation: this.generationId }, 'kafka groups: empty');
      return;
    }
    this.protocolName = selectProtocol(this.members.values());
    if (this.leaderId === null || !this.members.has(this.leaderId))
      this.leaderId = this.members.keys().next().value ?? null;
    this.state = 'CompletingRebalance';
    this.logger.debug(
      { group: this.groupId, generation: this.generationId, members: this.members.size, leader: this.leaderId },
      'kafka groups: join complete',
    );
    const generation = this.generationId;
    for (const m of this.members.values()) {
      this.pendingSync.add(m.memberId);
      const resolve = m.joinWaiter;
      m.joinWaiter = undefined;
      this.touch(m);
      resolve?.(this.joinResult(m));
    }
    // Members that never send SyncGroup for this generation are removed, like Kafka's pending-sync timeout.
    // Kafka's purgatory reaper expires delayed operations on a 200 ms tick, so a client that asked for a rebalance
    // timeout of 0 (kafkajs' Broker.joinGroup without one) still gets its SyncGroup in: a 0 ms timer here would not.
    const timeout = Math.max(PURGATORY_TICK_MS, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.syncTimer = this.clock.setTimer(timeout, () => this.expirePendingSync(generation));
  }

  private expirePendingSync(generation: number): void {
    if (generation !== this.generationId || this.pendingSync.size === 0) return;
    if (this.state !== 'CompletingRebalance' && this.state !== 'Stable') return;
    for (const id of this.pendingSync) {
      const member = this.members.get(id);
      if (!member) continue;
      this.logger.info({ group: this.groupId, member: id }, 'kafka groups: member did not sync in time');
      this.removeMember(member);
    }
    this.pendingSync.clear();
    this.afterRemoval();
  }

  /** Records a sign of life: the session timeout restarts. */
  private touch(member: Member): void {
    member.sessionTimer?.cancel();
    member.sessionTimer = this.clock.setTimer(member.sessionTimeoutMs, () => this.expireSession(member));
  }

  private expireSession(member: Member): void {
    if (this.members.get(member.memberId) !== member) return;
    // A member blocked in JoinGroup or SyncGroup is waiting on us, not silent.
    if (member.joinWaiter || member.syncWaiter) return this.touch(member);
    this.logger.info({ group: this.groupId, member: member.memberId }, 'kafka groups: session timed out');
    this.removeMember(member);
    this.afterRemoval();
  }

  private removeMember(member: Member, errorCode: number = ErrorCode.UNKNOWN_MEMBER_ID): void {
    member.sessionTimer?.cancel();
    this.members.delete(member.memberId);
    this.pendingSync.delete(member.memberId);
    const join = member.joinWaiter;
    const sync = member.syncWaiter;
    member.joinWaiter = undefined;
    member.syncWaiter = undefined;
    join?.(joinErrorResult(errorCode, member.memberId));
    sync?.(this.syncResult(member, errorCode));
    if (this.leaderId === member.memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  private afterRemoval(): void {
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.prepareRebalance();
    else this.checkJoinComplete();
  }

  private joinResult(member: Member): JoinGroupResult {
    return joinAnswer(this, member, this.members.values());
  }

  private syncResult(member: Member, errorCode = 0): SyncGroupResult {
    return syncAnswer(this, member, errorCode);
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import type { OffsetStore } from '../storage/offset-store';
import { Group, Member, type GroupProtocol, type JoinResult, type SyncResult } from './group';

export interface GroupCoordinatorOptions {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** Like Kafka's group.initial.rebalance.delay.ms: lets members starting together join one generation. */
  initialRebalanceDelayMs: number;
}

export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new member first gets MEMBER_ID_REQUIRED with its id, then joins with it. */
  requireKnownMemberId: boolean;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocolName: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }>;
}

const NO_JOIN = { generationId: -1, protocolName: '', leaderId: '', members: [] };

/**
 * The group coordinator: JoinGroup/SyncGroup/Heartbeat/LeaveGroup state machine per group, with
 * rebalance and session timers, and the checks that guard offset commits.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly options: GroupCoordinatorOptions,
    private readonly offsets: OffsetStore,
    private readonly logger: Logger,
  ) {}

  join(req: JoinRequest): Promise<JoinResult> | JoinResult {
    const fail = (errorCode: number, memberId = req.memberId): JoinResult => ({ errorCode, memberId, ...NO_JOIN });
    if (!req.groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < this.options.minSessionTimeoutMs || req.sessionTimeoutMs > this.options.maxSessionTimeoutMs) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    const group = this.groupFor(req.groupId);
    if (group.members.size > 0 && (req.protocolType !== group.protocolType || group.commonProtocols(req.protocols).length === 0)) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    if (req.memberId === '' && req.requireKnownMemberId) {
      const memberId = `${req.clientId}-${randomUUID()}`;
      const expiry = setTimeout(() => group.pendingMemberIds.delete(memberId), req.sessionTimeoutMs);
      group.pendingMemberIds.set(memberId, expiry);
      return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
    }
    let member = group.members.get(req.memberId);
    if (!member) {
      const pending = group.pendingMemberIds.get(req.memberId);
      if (req.memberId !== '' && !pending) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      clearTimeout(pending);
      group.pendingMemberIds.delete(req.memberId);
      const memberId = req.memberId || `${req.clientId}-${randomUUID()}`;
      member = new Member(
        memberId,
        req.groupInstanceId,
        req.clientId,
        req.clientHost,
        req.sessionTimeoutMs,
        req.rebalanceTimeoutMs,
        req.protocolType,
        req.protocols,
      );
      group.members.set(memberId, member);
      if (group.members.size === 1) group.protocolType = req.protocolType;
      this.logger.info(`group ${group.id}: member ${memberId} joined`);
    } else {
      Object.assign(member, {
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
        clientId: req.clientId,
        clientHost: req.clientHost,
      });
      member.awaitingJoin?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, memberId: member.id, ...NO_JOIN });
    }
    clearTimeout(member.sessionTimer);
    const joined = member;
    const result = new Promise<JoinResult>((resolve) => (joined.awaitingJoin = resolve));
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else this.prepareRebalance(group, `member ${member.id} (re)joined`);
    return result;
  }

  sync(
    groupId: string,
    generationId: number,
    memberId: string,
    assignments: Array<{ memberId: string; assignment: Buffer }>,
  ): Promise<SyncResult> | SyncResult {
    const fail = (errorCode: number): SyncResult => ({ errorCode, assignment: Buffer.alloc(0) });
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
    this.touch(group, member);
    if (group.state === 'PreparingRebalance') return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    if (group.state === 'Stable') return { errorCode: ErrorCode.NONE, assignment: member.assignment };
    const result = new Promise<SyncResult>((resolve) => (member.awaitingSync = resolve));
    if (memberId === group.leaderId) {
      for (const { memberId: target, assignment } of assignments) {
        const assignee = group.members.get(target);
        if (assignee) assignee.assignment = Buffer.from(assignment);
      }
      group.state = 'Stable';
      this.logger.info(`group ${group.id}: generation ${group.generationId} is stable with ${group.members.size} member(s)`);
      for (const m of group.members.values()) {
        m.awaitingSync?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
        m.awaitingSync = undefined;
      }
    }
    return result;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.touch(group, member);
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(group, member, 'left the group');
    return ErrorCode.NONE;
  }

  /** Whether an OffsetCommit from this member and generation may be applied (Kafka's rules). */
  checkCommit(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    if (generationId < 0 && memberId === '' && (!group || group.members.size === 0)) return ErrorCode.NONE;
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    // Commits stay allowed while preparing a rebalance, so members can commit before they rejoin.
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touch(group, member);
    return ErrorCode.NONE;
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const state = this.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return { groupId, state, protocolType: '', protocolName: '', members: [] };
    }
    const showAssignments = group.state === 'Stable' || group.state === 'CompletingRebalance';
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolName: group.protocolName ?? '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.id,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: showAssignments && group.protocolName ? m.metadataFor(group.protocolName) : Buffer.alloc(0),
        assignment: group.state === 'Stable' ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  list(): Array<{ groupId: string; protocolType: string }> {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groups()]);
    return [...ids].map((groupId) => ({ groupId, protocolType: this.groups.get(groupId)?.protocolType ?? 'consumer' }));
  }

  delete(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.hasGroup(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    this.groups.delete(groupId);
    if (this.offsets.hasGroup(groupId)) this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  close(): void {
    for (const group of this.groups.values()) {
      clearTimeout(group.rebalanceTimer);
      for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
      for (const member of group.members.values()) clearTimeout(member.sessionTimer);
    }
    this.groups.clear();
  }

  private groupFor(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new Group(groupId);
      this.groups.set(groupId, group);
    }
    return group;
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
        member.awaitingSync = undefined;
      }
    }
    const startingFromEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    this.logger.info(`group ${group.id}: preparing rebalance (${reason})`);
    clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = setTimeout(() => this.completeJoin(group, true), group.maxRebalanceTimeoutMs());
    group.initialDelayUntil = 0;
    if (startingFromEmpty && this.options.initialRebalanceDelayMs > 0) {
      group.initialDelayUntil = Date.now() + this.options.initialRebalanceDelayMs;
      setTimeout(() => this.maybeCompleteJoin(group), this.options.initialRebalanceDelayMs).unref();
    }
    this.maybeCompleteJoin(group);
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance' || Date.now() < group.initialDelayUntil) return;
    if (group.allMembersJoined()) this.completeJoin(group, false);
  }

  private completeJoin(group: Group, timedOut: boolean): void {
    if (group.state !== 'PreparingRebalance') return;
    clearTimeout(group.rebalanceTimer);
    if (timedOut) {
      for (const member of [...group.members.values()]) {
        if (!member.awaitingJoin) this.dropMember(group, member, 'did not rejoin within the rebalance timeout');
      }
    }
    group.generationId++;
    if (group.members.size === 0) {
      Object.assign(group, { state: 'Empty', protocolName: null, leaderId: null });
      this.logger.info(`group ${group.id}: empty at generation ${group.generationId}`);
      return;
    }
    group.protocolName = group.selectProtocol();
    if (!group.leaderId || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value!;
    group.state = 'CompletingRebalance';
    const protocolName = group.protocolName;
    const everyone = [...group.members.values()].map((m) => ({
      memberId: m.id,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocolName),
    }));
    for (const member of group.members.values()) {
      member.assignment = Buffer.alloc(0);
      member.awaitingJoin?.({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolName,
        leaderId: group.leaderId,
        memberId: member.id,
        members: member.id === group.leaderId ? everyone : [],
      });
      member.awaitingJoin = undefined;
      this.touch(group, member);
    }
  }

  /** Restarts the member's session timer (heartbeat, join, sync and commit all count as liveness). */
  private touch(group: Group, member: Member): void {
    clearTimeout(member.sessionTimer);
    if (member.awaitingJoin) return; // while parked in a rebalance, the rebalance timeout governs
    member.sessionTimer = setTimeout(
      () => this.removeMember(group, member, `session timeout of ${member.sessionTimeoutMs} ms expired`),
      member.sessionTimeoutMs,
    );
  }

  private dropMember(group: Group, member: Member, reason: string): void {
    clearTimeout(member.sessionTimer);
    member.awaitingJoin?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: member.id, ...NO_JOIN });
    member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
    group.members.delete(member.id);
    this.logger.info(`group ${group.id}: member ${member.id} removed: ${reason}`);
  }

  private removeMember(group: Group, member: Member, reason: string): void {
    if (group.members.get(member.id) !== member) return;
    this.dropMember(group, member, reason);
    if (group.state === 'PreparingRebalance') {
      if (group.members.size === 0) this.completeJoin(group, false);
      else this.maybeCompleteJoin(group);
    } else if (group.members.size === 0) {
      group.generationId++;
      Object.assign(group, { state: 'Empty', protocolName: null, leaderId: null });
    } else {
      this.prepareRebalance(group, `member ${member.id} ${reason}`);
    }
  }
}

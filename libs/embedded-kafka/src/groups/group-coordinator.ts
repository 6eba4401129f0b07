import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import type { OffsetStore } from '../storage/offset-store';
import { CONSUMER_PROTOCOL_TYPE, Group, Member, type GroupProtocol, type GroupState, type JoinResult, type SyncResult } from './group';

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
  /** Static membership (JoinGroup v5+): the member keeps its place across restarts. */
  groupInstanceId: string | null;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+ without an instance id: a new member first gets MEMBER_ID_REQUIRED with its id, then joins with it. */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a static leader rejoining a stable group is told to skip the assignment. */
  supportSkippingAssignment: boolean;
  reason: string | null;
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** SyncGroup v5+: checked against the group's (INCONSISTENT_GROUP_PROTOCOL when they differ). */
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveResult {
  errorCode: number;
  members: Array<MemberIdentity & { errorCode: number }>;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: Array<{
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    memberMetadata: Buffer;
    memberAssignment: Buffer;
  }>;
}

export interface GroupOverview {
  groupId: string;
  protocolType: string;
  groupState: GroupState;
}

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface DeleteOffsetsResult {
  /** A group-level error: then no partition was touched. */
  errorCode: number;
  partitions: Array<TopicPartitionRef & { errorCode: number }>;
}

const NO_JOIN = {
  generationId: -1,
  protocolType: null,
  protocolName: null,
  leaderId: '',
  skipAssignment: false,
  members: [],
};

const syncError = (errorCode: number): SyncResult => ({ errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });

/**
 * The group coordinator: Kafka's classic group protocol (core/…/coordinator/group/GroupCoordinator.scala)
 * with its JoinGroup/SyncGroup/Heartbeat/LeaveGroup state machine per group, static membership,
 * rebalance and session timers, and the checks that guard offset commits and deletions.
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
    const isUnknownMember = req.memberId === '';
    let group = this.groups.get(req.groupId);
    if (!group) {
      // A member id for a group that does not exist is not a member of it.
      if (!isUnknownMember) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    const result = isUnknownMember ? this.newMemberJoin(group, req) : this.currentMemberJoin(group, req);
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    return result;
  }

  private newMemberJoin(group: Group, req: JoinRequest): Promise<JoinResult> | JoinResult {
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      return { errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId: '', ...NO_JOIN };
    }
    const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) {
      const oldMemberId = group.staticMembers.get(req.groupInstanceId);
      if (oldMemberId !== undefined) return this.updateStaticMemberAndRebalance(group, req.groupInstanceId, oldMemberId, newMemberId, req);
      return this.addMemberAndRebalance(group, newMemberId, req);
    }
    if (req.requireKnownMemberId) {
      const expiry = setTimeout(() => {
        group.pendingMemberIds.delete(newMemberId);
        this.maybeCompleteJoin(group);
      }, req.sessionTimeoutMs);
      group.pendingMemberIds.set(newMemberId, expiry);
      return { errorCode: ErrorCode.MEMBER_ID_REQUIRED, memberId: newMemberId, ...NO_JOIN };
    }
    return this.addMemberAndRebalance(group, newMemberId, req);
  }

  private currentMemberJoin(group: Group, req: JoinRequest): Promise<JoinResult> | JoinResult {
    const fail = (errorCode: number): JoinResult => ({ errorCode, memberId: req.memberId, ...NO_JOIN });
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (group.isPending(req.memberId)) {
      // A pending member is dynamic by construction; Kafka treats an instance id here as a server error.
      if (req.groupInstanceId !== null) return fail(ErrorCode.UNKNOWN_SERVER_ERROR);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    const memberError = this.validateCurrentMember(group, req.memberId, req.groupInstanceId);
    if (memberError !== null) return fail(memberError);
    const member = group.members.get(req.memberId)!;
    const isLeader = group.leaderId === member.id;
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req, `member ${member.id} rejoined during PreparingRebalance`);
      case 'CompletingRebalance':
        // The same metadata: it missed its JoinGroup response, so it gets this generation's again.
        if (member.matches(req.protocols)) return this.currentGeneration(group, member.id, isLeader ? group.currentMemberMetadata() : []);
        return this.updateMemberAndRebalance(group, member, req, `member ${member.id} changed its metadata during CompletingRebalance`);
      case 'Stable':
        // The leader rejoining forces a rebalance (it may have seen topic metadata change); so do new metadata.
        if (isLeader) return this.updateMemberAndRebalance(group, member, req, `leader ${member.id} rejoined`);
        if (!member.matches(req.protocols))
          return this.updateMemberAndRebalance(group, member, req, `member ${member.id} changed its metadata`);
        return this.currentGeneration(group, member.id, []);
      case 'Empty':
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private currentGeneration(group: Group, memberId: string, members: JoinResult['members'], leaderId = group.leaderId ?? ''): JoinResult {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leaderId,
      memberId,
      skipAssignment: false,
      members,
    };
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest): Promise<JoinResult> {
    clearTimeout(group.pendingMemberIds.get(memberId));
    const member = new Member(
      memberId,
      req.groupInstanceId,
      req.clientId,
      req.clientHost,
      req.sessionTimeoutMs,
      req.rebalanceTimeoutMs,
      req.protocolType,
      req.protocols,
    );
    const joined = this.park(member);
    group.add(member);
    const instance = req.groupInstanceId === null ? '' : ` (group instance ${req.groupInstanceId})`;
    this.logger.info(`group ${group.id}: member ${memberId}${instance} joined`);
    this.maybePrepareRebalance(group, `member ${memberId} joined${req.reason ? `: ${req.reason}` : ''}`);
    return joined;
  }

  private updateMemberAndRebalance(group: Group, member: Member, req: JoinRequest, reason: string): Promise<JoinResult> {
    Object.assign(member, { protocols: req.protocols, sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: req.rebalanceTimeoutMs });
    const joined = this.park(member);
    this.maybePrepareRebalance(group, req.reason ? `${reason}: ${req.reason}` : reason);
    return joined;
  }

  /**
   * A static member rejoining with an unknown member id: it takes its old entry over under a new
   * id, fencing the old one. In a stable group whose protocol this does not change, it gets the
   * current generation straight away (no rebalance: that is the point of static membership).
   */
  private updateStaticMemberAndRebalance(
    group: Group,
    groupInstanceId: string,
    oldMemberId: string,
    newMemberId: string,
    req: JoinRequest,
  ): Promise<JoinResult> {
    const currentLeader = group.leaderId ?? '';
    const member = group.members.get(oldMemberId)!;
    this.answerJoin(group, member, { errorCode: ErrorCode.FENCED_INSTANCE_ID, memberId: oldMemberId, ...NO_JOIN });
    this.answerSync(member, syncError(ErrorCode.FENCED_INSTANCE_ID));
    group.replaceStaticMember(groupInstanceId, oldMemberId, newMemberId);
    Object.assign(member, { protocols: req.protocols, sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: req.rebalanceTimeoutMs });
    const joined = this.park(member);
    this.logger.info(`group ${group.id}: static member ${groupInstanceId} rejoined as ${newMemberId} (was ${oldMemberId})`);
    switch (group.state) {
      case 'Stable':
        if (group.selectProtocol() === group.protocolName) {
          const isLeader = group.leaderId === newMemberId;
          if (req.supportSkippingAssignment) {
            this.answerJoin(group, member, {
              ...this.currentGeneration(group, newMemberId, isLeader ? group.currentMemberMetadata() : []),
              skipAssignment: isLeader,
            });
          } else {
            // The old leader id, so that a rejoining leader does not run an assignment a stable group would ignore.
            this.answerJoin(group, member, this.currentGeneration(group, newMemberId, [], currentLeader));
          }
        } else {
          this.maybePrepareRebalance(group, `static member ${groupInstanceId} rejoined with a change of protocol`);
        }
        break;
      case 'CompletingRebalance':
        // The leader may already be assigning to the old member id: start over.
        this.prepareRebalance(group, `static member ${groupInstanceId} rejoined during CompletingRebalance`);
        break;
      default:
        break;
    }
    return joined;
  }

  sync(req: SyncRequest): Promise<SyncResult> | SyncResult {
    if (!req.groupId) return syncError(ErrorCode.INVALID_GROUP_ID);
    const group = this.groups.get(req.groupId);
    if (!group) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    const memberError = this.validateCurrentMember(group, req.memberId, req.groupInstanceId);
    if (memberError !== null) return syncError(memberError);
    if (req.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION);
    if (req.protocolType !== null && req.protocolType !== group.protocolType) return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (req.protocolName !== null && req.protocolName !== group.protocolName) return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const member = group.members.get(req.memberId)!;
    switch (group.state) {
      case 'Empty':
        return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
      case 'PreparingRebalance':
        return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        this.touch(group, member);
        return {
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        };
      case 'CompletingRebalance':
        break;
    }
    this.answerSync(member, syncError(ErrorCode.REBALANCE_IN_PROGRESS)); // a duplicate SyncGroup replaces the first
    clearTimeout(member.sessionTimer); // a member waiting for its assignment is alive
    const result = new Promise<SyncResult>((resolve) => (member.awaitingSync = resolve));
    if (req.memberId === group.leaderId) {
      const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of group.members.values()) m.assignment = Buffer.from(given.get(m.id) ?? Buffer.alloc(0));
      group.state = 'Stable';
      this.logger.info(`group ${group.id}: generation ${group.generationId} is stable with ${group.members.size} member(s)`);
      for (const m of group.members.values()) {
        if (
          this.answerSync(m, {
            errorCode: ErrorCode.NONE,
            protocolType: group.protocolType,
            protocolName: group.protocolName,
            assignment: m.assignment,
          })
        ) {
          this.touch(group, m);
        }
      }
    }
    return result;
  }

  heartbeat(groupId: string, generationId: number, memberId: string, groupInstanceId: string | null): number {
    if (!groupId) return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    const memberError = this.validateCurrentMember(group, memberId, groupInstanceId);
    if (memberError !== null) return memberError;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
    this.touch(group, group.members.get(memberId)!);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** LeaveGroup: each member by id, or (id '') by group instance id, with an error per member. */
  leave(groupId: string, leaving: MemberIdentity[]): LeaveResult {
    if (!groupId) return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    const group = this.groups.get(groupId);
    const answer = (m: MemberIdentity, errorCode: number) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode });
    if (!group) return { errorCode: ErrorCode.NONE, members: leaving.map((m) => answer(m, ErrorCode.UNKNOWN_MEMBER_ID)) };
    const members = leaving.map((m) => {
      if (m.memberId === '') {
        const current = m.groupInstanceId === null ? undefined : group.staticMembers.get(m.groupInstanceId);
        if (current === undefined) return answer(m, ErrorCode.UNKNOWN_MEMBER_ID);
        this.removeMember(group, group.members.get(current)!, 'left the group (by its group instance id)');
        return answer(m, ErrorCode.NONE);
      }
      if (group.isPending(m.memberId)) {
        clearTimeout(group.pendingMemberIds.get(m.memberId));
        group.pendingMemberIds.delete(m.memberId);
        this.maybeCompleteJoin(group);
        return answer(m, ErrorCode.NONE);
      }
      const memberError = this.validateCurrentMember(group, m.memberId, m.groupInstanceId);
      if (memberError !== null) return answer(m, memberError);
      this.removeMember(group, group.members.get(m.memberId)!, 'left the group');
      return answer(m, ErrorCode.NONE);
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  /** Whether an OffsetCommit from this member and generation may be applied (Kafka's validateOffsetCommit). */
  checkCommit(groupId: string, generationId: number, memberId: string, groupInstanceId: string | null): number {
    const group = this.groups.get(groupId);
    if (!group) {
      // Offsets alone make an Empty group that only admin-style commits (generation -1) may write.
      if (generationId < 0) return ErrorCode.NONE;
      return this.offsets.hasGroup(groupId) ? ErrorCode.UNKNOWN_MEMBER_ID : ErrorCode.ILLEGAL_GENERATION;
    }
    if (generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
    if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
      const memberError = this.validateCurrentMember(group, memberId, groupInstanceId);
      if (memberError !== null) return memberError;
      if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (group.state !== 'Empty') {
      return ErrorCode.UNKNOWN_MEMBER_ID; // only members commit to a group that has some
    }
    switch (group.state) {
      case 'CompletingRebalance':
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'Stable':
      case 'PreparingRebalance':
        // Commits stay allowed while preparing a rebalance, so members can commit before they rejoin.
        this.touch(group, group.members.get(memberId)!);
        return ErrorCode.NONE;
      default:
        return ErrorCode.NONE;
    }
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const groupState = this.offsets.hasGroup(groupId) ? 'Empty' : 'Dead';
      return { errorCode: ErrorCode.NONE, groupId, groupState, protocolType: '', protocolData: '', members: [] };
    }
    // Like Kafka's GroupMetadata.summary: protocol, metadata and assignments only once Stable.
    const stable = group.state === 'Stable';
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? (group.protocolName ?? '') : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.id,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? m.metadataFor(group.protocolName!) : Buffer.alloc(0),
        memberAssignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  /** Every group (with members, or committed offsets), in the given states (case-insensitive; none given: all). */
  list(statesFilter: string[] = []): GroupOverview[] {
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const ids = new Set([...this.groups.keys(), ...this.offsets.groups()]);
    return [...ids]
      .map((groupId): GroupOverview => {
        const group = this.groups.get(groupId);
        // Offsets alone (e.g. after a restart, which forgets membership): listed as the consumer group they came from.
        const protocolType = group ? (group.protocolType ?? '') : CONSUMER_PROTOCOL_TYPE;
        return { groupId, protocolType, groupState: group?.state ?? 'Empty' };
      })
      .filter((g) => states.size === 0 || states.has(g.groupState.toLowerCase()));
  }

  delete(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.hasGroup(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group) this.forget(group);
    if (this.offsets.hasGroup(groupId)) this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  /**
   * OffsetDelete (Kafka's handleDeleteOffsets): an Empty group loses any of its offsets; a consumer
   * group with members only those of topics none of them is subscribed to (the others get
   * GROUP_SUBSCRIBED_TO_TOPIC); any other group with members is NON_EMPTY_GROUP.
   */
  deleteOffsets(groupId: string, partitions: TopicPartitionRef[]): DeleteOffsetsResult {
    if (!groupId) return { errorCode: ErrorCode.INVALID_GROUP_ID, partitions: [] };
    const group = this.groups.get(groupId);
    if (!group && !this.offsets.hasGroup(groupId)) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
    let eligible = partitions;
    let subscribed: TopicPartitionRef[] = [];
    if (group && group.state !== 'Empty') {
      if (group.protocolType !== CONSUMER_PROTOCOL_TYPE) return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
      eligible = partitions.filter((p) => !group.isSubscribedToTopic(p.topic));
      subscribed = partitions.filter((p) => group.isSubscribedToTopic(p.topic));
    }
    if (eligible.length > 0) {
      this.offsets.deleteOffsets(groupId, eligible);
      this.logger.info(`group ${groupId}: offsets of ${eligible.map((p) => `${p.topic}-${p.partition}`).join(', ')} deleted`);
      // An Empty group without offsets is gone (Kafka's cleanupGroupMetadata marks it Dead).
      if (group?.state === 'Empty' && !this.offsets.hasGroup(groupId)) this.forget(group);
    }
    return {
      errorCode: ErrorCode.NONE,
      partitions: [
        ...subscribed.map((p) => ({ ...p, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC })),
        ...eligible.map((p) => ({ ...p, errorCode: ErrorCode.NONE })),
      ],
    };
  }

  close(): void {
    for (const group of this.groups.values()) this.clearTimers(group);
    this.groups.clear();
  }

  private forget(group: Group): void {
    this.clearTimers(group);
    this.groups.delete(group.id);
  }

  private clearTimers(group: Group): void {
    clearTimeout(group.rebalanceTimer);
    for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
    for (const member of group.members.values()) clearTimeout(member.sessionTimer);
  }

  /**
   * Kafka's validateCurrentMember: with an instance id, it must be known (UNKNOWN_MEMBER_ID) and
   * held by this member id (FENCED_INSTANCE_ID otherwise); and the member id must be in the group.
   */
  private validateCurrentMember(group: Group, memberId: string, groupInstanceId: string | null): number | null {
    if (groupInstanceId !== null) {
      const current = group.staticMembers.get(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (current !== memberId) {
        this.logger.info(`group ${group.id}: member ${memberId} of static instance ${groupInstanceId} is fenced by ${current}`);
        return ErrorCode.FENCED_INSTANCE_ID;
      }
    }
    return group.members.has(memberId) ? null : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** Parks the member's JoinGroup until the rebalance completes (a duplicate one is told to rejoin). */
  private park(member: Member): Promise<JoinResult> {
    member.awaitingJoin?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, memberId: member.id, ...NO_JOIN });
    clearTimeout(member.sessionTimer); // while parked, the rebalance timeout governs
    return new Promise<JoinResult>((resolve) => (member.awaitingJoin = resolve));
  }

  private answerJoin(group: Group, member: Member, result: JoinResult): void {
    const awaiting = member.awaitingJoin;
    if (!awaiting) return;
    member.awaitingJoin = undefined;
    awaiting(result);
    if (result.errorCode === ErrorCode.NONE) this.touch(group, member);
  }

  private answerSync(member: Member, result: SyncResult): boolean {
    const awaiting = member.awaitingSync;
    if (!awaiting) return false;
    member.awaitingSync = undefined;
    awaiting(result);
    return true;
  }

  private maybePrepareRebalance(group: Group, reason: string): void {
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.assignment = Buffer.alloc(0);
        this.answerSync(member, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
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

  /** Kafka's onCompleteJoin: drops dynamic members that did not rejoin, then starts the next generation. */
  private completeJoin(group: Group, timedOut: boolean): void {
    if (group.state !== 'PreparingRebalance' || this.groups.get(group.id) !== group) return;
    clearTimeout(group.rebalanceTimer);
    if (timedOut) {
      for (const member of [...group.members.values()]) {
        if (!member.awaitingJoin && member.groupInstanceId === null)
          this.dropMember(group, member, 'did not rejoin within the rebalance timeout');
      }
      for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
      group.pendingMemberIds.clear();
    }
    if (group.members.size > 0 && ![...group.members.values()].some((m) => m.awaitingJoin)) {
      // Only static members that have not rejoined: wait another rebalance timeout for them.
      group.rebalanceTimer = setTimeout(() => this.completeJoin(group, true), group.maxRebalanceTimeoutMs());
      return;
    }
    const leader = group.leaderId === null ? undefined : group.members.get(group.leaderId);
    if (leader && !leader.awaitingJoin) group.leaderId = [...group.members.values()].find((m) => m.awaitingJoin)!.id;
    group.generationId++;
    if (group.members.size === 0) {
      Object.assign(group, { state: 'Empty', protocolName: null, leaderId: null });
      group.subscribedTopics = group.computeSubscribedTopics();
      this.logger.info(`group ${group.id}: empty at generation ${group.generationId}`);
      return;
    }
    group.protocolName = group.selectProtocol();
    group.subscribedTopics = group.computeSubscribedTopics();
    group.state = 'CompletingRebalance';
    this.logger.info(
      `group ${group.id}: generation ${group.generationId} with ${group.members.size} member(s), protocol ${group.protocolName}`,
    );
    const everyone = group.currentMemberMetadata();
    for (const member of group.members.values()) {
      member.assignment = Buffer.alloc(0);
      this.answerJoin(group, member, this.currentGeneration(group, member.id, member.id === group.leaderId ? everyone : []));
      this.touch(group, member);
    }
  }

  /** Restarts the member's session timer (heartbeat, join, sync and commit all count as liveness). */
  private touch(group: Group, member: Member): void {
    clearTimeout(member.sessionTimer);
    if (member.awaitingJoin || member.awaitingSync) return; // a parked request is proof of life
    member.sessionTimer = setTimeout(
      () => this.removeMember(group, member, `session timeout of ${member.sessionTimeoutMs} ms expired`),
      member.sessionTimeoutMs,
    );
  }

  private dropMember(group: Group, member: Member, reason: string): void {
    clearTimeout(member.sessionTimer);
    this.answerJoin(group, member, { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: '', ...NO_JOIN });
    this.answerSync(member, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    group.remove(member.id);
    this.logger.info(`group ${group.id}: member ${member.id} removed: ${reason}`);
  }

  /** Kafka's removeMemberAndUpdateGroup. */
  private removeMember(group: Group, member: Member, reason: string): void {
    if (group.members.get(member.id) !== member) return;
    this.dropMember(group, member, reason);
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else if (group.state !== 'Empty') this.prepareRebalance(group, `member ${member.id} ${reason}`);
  }
}

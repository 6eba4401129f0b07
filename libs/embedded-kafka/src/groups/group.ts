import { Reader } from '../protocol/reader';

/** Kafka's classic group states, named as Kafka names them in DescribeGroups and ListGroups. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string;
  memberId: string;
  /** JoinGroup v9: a static leader rejoining a stable group keeps the current assignment. */
  skipAssignment: boolean;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

/** The consumer protocol's type: only such groups have subscriptions the coordinator can read. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export class Member {
  assignment = Buffer.alloc(0);
  /** Set while the member's JoinGroup is parked until the rebalance completes. */
  awaitingJoin?: (result: JoinResult) => void;
  /** Set while the member's SyncGroup waits for the leader's assignments. */
  awaitingSync?: (result: SyncResult) => void;
  sessionTimer?: NodeJS.Timeout;

  constructor(
    public id: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocolType: string,
    public protocols: GroupProtocol[],
  ) {}

  supports(protocolName: string): boolean {
    return this.protocols.some((p) => p.name === protocolName);
  }

  metadataFor(protocolName: string): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /** Kafka's MemberMetadata.matches: the same protocols, in the same order, with the same metadata. */
  matches(protocols: GroupProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata))
    );
  }
}

/**
 * The topics of a consumer-protocol subscription, read as Kafka's GroupMetadata does: the version
 * prefix, then the v0 layout that every later version extends (topics, user data). Null when the
 * bytes do not parse, and Kafka then assumes every topic may be subscribed.
 */
export function subscribedTopicsOf(metadata: Buffer): string[] | null {
  try {
    const r = new Reader(metadata);
    if (r.int16() < 0) return null;
    const topics = r.array((t) => t.string());
    r.nullableBytes();
    return topics;
  } catch {
    return null;
  }
}

/** One consumer group's membership and rebalance state (Kafka's classic group protocol). */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Static membership: group.instance.id → the member id currently holding it. */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, valid until the client rejoins with them. */
  readonly pendingMemberIds = new Map<string, NodeJS.Timeout>();
  /**
   * For consumer groups, the union of the members' subscriptions, computed at each new
   * generation (Kafka's subscribedTopics); null when unknown, which counts as "every topic".
   */
  subscribedTopics: Set<string> | null = null;
  rebalanceTimer?: NodeJS.Timeout;
  initialDelayUntil = 0;

  constructor(readonly id: string) {}

  add(member: Member): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.id);
    if (this.leaderId === null) this.leaderId = member.id;
    this.members.set(member.id, member);
    this.pendingMemberIds.delete(member.id);
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member) {
      this.members.delete(memberId);
      if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  /** A static member rejoining with a new member id takes over its old entry (and leadership). */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): Member {
    const member = this.members.get(oldMemberId)!;
    this.members.delete(oldMemberId);
    member.id = newMemberId;
    this.members.set(newMemberId, member);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    this.staticMembers.set(groupInstanceId, newMemberId);
    return member;
  }

  isPending(memberId: string): boolean {
    return this.pendingMemberIds.has(memberId);
  }

  /** Kafka's supportsProtocols: an empty group takes any non-empty type and list; otherwise the type must match and one protocol be common. */
  supportsProtocols(protocolType: string, protocols: GroupProtocol[]): boolean {
    if (this.state === 'Empty') return protocolType !== '' && protocols.length > 0;
    return this.protocolType === protocolType && this.commonProtocols(protocols).length > 0;
  }

  /** Protocols every current member (and the candidate, if given) supports. */
  commonProtocols(candidate?: GroupProtocol[]): string[] {
    const all = [...this.members.values()].map((m) => m.protocols);
    if (candidate) all.push(candidate);
    if (all.length === 0) return [];
    return all[0].map((p) => p.name).filter((name) => all.every((protocols) => protocols.some((p) => p.name === name)));
  }

  /** Each member votes for its most preferred common protocol; the most votes wins. */
  selectProtocol(): string {
    const candidates = this.commonProtocols();
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.protocols.find((p) => candidates.includes(p.name))!.name;
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    return candidates.reduce((best, name) => ((votes.get(name) ?? 0) > (votes.get(best) ?? 0) ? name : best), candidates[0]);
  }

  /** Kafka's computeSubscribedTopics, run whenever a new generation starts. */
  computeSubscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    for (const member of this.members.values()) {
      const subscribed = subscribedTopicsOf(member.metadataFor(this.protocolName));
      if (subscribed === null) return null;
      for (const topic of subscribed) topics.add(topic);
    }
    return topics;
  }

  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  allMembersJoined(): boolean {
    return this.pendingMemberIds.size === 0 && [...this.members.values()].every((m) => m.awaitingJoin);
  }

  maxRebalanceTimeoutMs(): number {
    return Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
  }

  /** The members as the leader's JoinGroup response lists them, with the chosen protocol's metadata. */
  currentMemberMetadata(): JoinResult['members'] {
    const protocolName = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({
      memberId: m.id,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocolName),
    }));
  }
}

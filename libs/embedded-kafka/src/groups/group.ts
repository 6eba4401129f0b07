export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export class Member {
  assignment = Buffer.alloc(0);
  /** Set while the member's JoinGroup is parked until the rebalance completes. */
  awaitingJoin?: (result: JoinResult) => void;
  /** Set while the member's SyncGroup waits for the leader's assignments. */
  awaitingSync?: (result: SyncResult) => void;
  sessionTimer?: NodeJS.Timeout;

  constructor(
    readonly id: string,
    public groupInstanceId: string | null,
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
}

/** One consumer group's membership and rebalance state (Kafka's classic group protocol). */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, valid until the client rejoins with them. */
  readonly pendingMemberIds = new Map<string, NodeJS.Timeout>();
  rebalanceTimer?: NodeJS.Timeout;
  initialDelayUntil = 0;

  constructor(readonly id: string) {}

  /** Protocols every current member (and the candidate, if given) supports, in the candidate's order. */
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

  allMembersJoined(): boolean {
    return [...this.members.values()].every((m) => m.awaitingJoin);
  }

  maxRebalanceTimeoutMs(): number {
    return Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
  }
}

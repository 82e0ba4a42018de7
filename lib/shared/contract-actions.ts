// The JSON contract, continued: what the server actions answer (inside ActionResult) and the
// scenarios' state. Plain data; imports only the rest of the contract.
import type { KeepAliveView, Message } from '@/lib/shared/contract';

/** The tutorial's steps, in order (lib/shared/tutorial-steps.ts lists them). */
export type TutorialStep =
  'grant' | 'put' | 'sleep' | 'ttl-before' | 'keep-alive-once' | 'ttl-after';

export type GrantResult = {
  id: string;
  requestedTTL: number;
  grantedTTL: number;
  key: string | null;
};

export type RenewResult = {
  id: string;
  grantedTTL: number;
  /** remaining TTL just before the renewal, seconds */
  before: number;
  /** remaining TTL just after it, seconds */
  after: number;
};

export type RevokeResult = {
  id: string;
  /** the first keys etcd deleted with the lease (at most 20) */
  deletedKeys: string[];
  deletedKeyCount: number;
};

export type AttachResult = { id: string; key: string };

export type KeepAliveResult = { id: string; keepAlive: KeepAliveView };

export type StepAnswer = {
  step: TutorialStep;
  at: number;
  answer: Record<string, string | number | string[]>;
};

export type TutorialState = { leaseId: string | null; key: string; answers: StepAnswer[] };

export type DhcpState = {
  leaseId: string | null;
  key: string | null;
  failing: boolean;
  /** when the next attempt is due and which one it is */
  next: { at: number; attempt: 'T1' | 'T2' } | null;
  /** epoch ms of the last successful renewal (or the grant) */
  renewedAt: number | null;
};

export type SessionState = {
  leaseId: string | null;
  key: string | null;
  lastRenewal: RenewResult | null;
};

export type Instance = { name: string; leaseId: string; key: string; crashed: boolean };

export type RegistryState = { instances: Instance[]; prefix: string };

export type ScenariosResponse = {
  now: number;
  tutorial: TutorialState;
  dhcp: DhcpState;
  session: SessionState;
  registry: RegistryState & { live: { key: string; lease: string }[] };
  lock: ContestState;
  election: ContestState;
};

/** The lock and election scenarios: which of their contenders the dashboard runs. */
export type ContestMember = { name: string; leaseId: string; key: string; crashed: boolean };

/** One contender as etcd has it, in create-revision order: the first holds or leads. */
export type ContestEntry = {
  lease: string;
  key: string;
  /** the election proposal ('' in a lock) */
  value: string;
  /** the scenario's own name for it, or who else it is (etcdctl, another client) */
  who: string;
};

export type ContestState = {
  kind: 'lock' | 'election';
  /** the lock's or election's name: what `etcdctl lock NAME` / `etcdctl elect NAME` take */
  name: string;
  ttl: number;
  members: ContestMember[];
  /** the contenders as last read, holder or leader first; null before the first reading */
  line: ContestEntry[] | null;
  /** what happened, oldest first: joins, holders and leaders, crashes and expiries (in English, and
   * as catalog messages for each viewer's language) */
  timeline: { at: number; text: string; message?: Message }[];
};

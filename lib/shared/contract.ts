// The shapes the server hands to the browser: the JSON contract. Plain data; no etcd3 types cross
// this line, and this file imports only the rest of the contract, so every other part may depend on it.
import type { Holding, HoldingKind } from '@/lib/shared/contract-holdings';
import type { TtlPoint } from '@/lib/shared/contract-history';
import type { LeaseEvent, Message } from '@/lib/shared/contract-events';

export type {
  LeaseEvent,
  LeaseEventKind,
  Message,
  MessageValue,
} from '@/lib/shared/contract-events';

/** What a lease's view is, each status with only the fields that status can have. */
export type LeaseStatus = LeaseView['status'];

/**
 * Why the last attempt to read a lease failed, as a stable code and in words. The lease's last
 * good reading (if any) still stands, with its `readAt`.
 */
export type ReadFailure = {
  /** an ErrorCode from lib/shared/errors.ts: etcd_unavailable (timed out), permission_denied, ... */
  code: string;
  message: string;
  /** `message` as a catalog message, for the viewer's language (absent: etcd's own words) */
  said?: Message;
  /** epoch ms of the failed attempt */
  at: number;
};

type LeaseCommon = {
  /** 16-digit lowercase hex, as etcdctl prints it */
  id: string;
  /** epoch ms when the dashboard first saw the lease */
  firstSeenAt: number;
  /** the dashboard's automatic keep-alive for this lease, if it was ever switched on */
  keepAlive: KeepAliveView | null;
  /**
   * what the lease holds, by the layout of its keys (a lock, an election, a registration,
   * Kubernetes): in answers only, null for plain keys (lib/shared/holdings.ts)
   */
  holding?: Holding | null;
};

type LeaseRead = LeaseCommon & {
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: number;
  /** epoch ms of the reading the other fields come from */
  readAt: number;
};

/** Listed by etcd (LeaseLeases) but not read successfully yet: its TTL is not known. */
export type UnreadLease = LeaseCommon & {
  status: 'unread';
  /** why the read failed; null while the lease simply has not had its turn yet */
  readFailure: ReadFailure | null;
};

export type AliveLease = LeaseRead & {
  status: 'alive';
  /** seconds left at `readAt`, floored by etcd */
  ttl: number;
  /**
   * keys attached now; in answers, only the first few, long names shortened (lib/api/bounded.ts),
   * so one lease with thousands of keys cannot make every answer heavy
   */
  keys: string[];
  /** how many keys are attached, all of them */
  keyCount: number;
  /**
   * how many of them lie outside the watched prefixes (DASHBOARD_WATCH_PREFIXES): no live events
   * for those; their changes show at the lease's next reading
   */
  unwatchedKeyCount: number;
  /**
   * Why the keys are not shown, when etcd would not list them (its user may not read them:
   * etcd 3.4.26+ and 3.5.9+ refuse TimeToLive with keys then). `keys` is empty then.
   */
  keysHidden: string | null;
  /** the last read failed, so this reading is older than it should be; null when it succeeded */
  readFailure: ReadFailure | null;
};

type GoneLease = LeaseRead & {
  /** epoch ms when the dashboard saw the lease gone */
  goneAt: number;
  /** the keys etcd deleted with the lease (in answers, the first few, like `keys`) */
  deletedKeys: string[];
  /** how many keys etcd deleted with it */
  deletedKeyCount: number;
};

export type ExpiredLease = GoneLease & { status: 'expired' };

export type RevokedLease = GoneLease & {
  status: 'revoked';
  /** who revoked it: this dashboard, or another client such as etcdctl */
  revokedBy: 'dashboard' | 'other-client';
};

export type LeaseView = UnreadLease | AliveLease | ExpiredLease | RevokedLease;

/** How often a kept-alive lease is renewed, as a share of its granted TTL. */
export type KeepAliveSchedule = 'third' | 'half' | 'three-quarters';

type KeepAliveCommon = {
  schedule: KeepAliveSchedule;
  /** epoch ms when it was last switched on */
  startedAt: number;
  /** successful renewals since it was switched on (the first goes out at switch-on) */
  renewals: number;
  /** epoch ms of the last successful renewal */
  lastRenewalAt: number;
  /** what went wrong on the last attempt, cleared by the next success */
  lastError: string | null;
  /** `lastError` as a catalog message, for the viewer's language (none: no error, or etcd's words) */
  lastErrorMessage?: Message | null;
};

/** The dashboard's automatic keep-alive for one lease: running, or stopped and why. */
export type KeepAliveView =
  | (KeepAliveCommon & {
      on: true;
      /** epoch ms the next renewal is due */
      nextRenewalAt: number;
    })
  | (KeepAliveCommon & {
      on: false;
      /** epoch ms when it stopped, and why (switched off, lease lost, a rule no longer held) */
      stoppedAt: number;
      stopReason: string;
      /** the same reason as a catalog key and values, for each viewer's language */
      stopMessage?: Message;
    });

export type EtcdStatus = {
  endpoints: string[];
  /** endpoints that did not answer their last status request (the others may still serve) */
  failing: { endpoint: string; error: string }[];
  /** epoch ms of the last successful round, null if none yet */
  lastOkAt: number | null;
} & (
  | { ok: true; error: null; problem: null }
  | {
      ok: false;
      /** what went wrong on the last attempt, in words */
      error: string;
      /** `error` as a catalog message, for the viewer's language (absent: etcd's own words) */
      said?: Message;
      /** what kind of trouble: no answer, an answer refusing the dashboard, or its own configuration */
      problem: 'unreachable' | 'access' | 'config';
    }
);

export type LeasesResponse = {
  /** epoch ms when the latest sampling round started */
  sampledAt: number;
  /** the server's clock when it answered, so the browser can correct for its own */
  now: number;
  etcd: EtcdStatus;
  /** what was asked, with the defaults filled in */
  query: LeaseQuery;
  /** every lease the dashboard holds (alive and recently gone), and how many match the query */
  total: number;
  matched: number;
  /** the page of matching leases the query asked for */
  leases: LeaseView[];
  /** counts over every lease, whatever the query */
  summary: LeaseSummary;
  sampler: SamplerStats;
};

export type LeaseDetailResponse = {
  now: number;
  etcd: EtcdStatus;
  lease: LeaseView;
  history: TtlPoint[];
  /** this lease's recent events (and leader changes), oldest first, for marks on the chart */
  events: LeaseEvent[];
};

export type HealthResponse = EtcdStatus & {
  sampledAt: number;
  /** the sampler's mode and pace, and its last rounds (oldest first) */
  sampler: SamplerStats;
  rounds: RoundStat[];
  /** with replicas (DASHBOARD_URL): who leads and who else campaigns; null: this one runs alone */
  replicas: ReplicasView | null;
};

/** The dashboards campaigning on this cluster, from the election's keys in etcd. */
export type ReplicasView = {
  /** the DASHBOARD_URL of the replica that answered */
  answeredBy: string;
  /** the leader's DASHBOARD_URL, or null while none leads */
  leader: string | null;
  /** every candidate, the leader first, with its session lease (hex) */
  replicas: { url: string; session: string }[];
};

/** What the dashboard may do here, for the page to explain (never the token itself). */
export type AccessView = {
  readOnly: boolean;
  keyPrefix: string | null;
  tokenRequired: boolean;
  protectReads: boolean;
  signedIn: boolean;
};

export type LeaseSort = 'expiry' | 'newest' | 'id';

export type LeaseQuery = {
  sort: LeaseSort;
  /** part of a lease's hex ID, lowercase; '' for any */
  id: string;
  /** a key prefix one of the lease's keys starts with; '' for any */
  key: string;
  /** what the lease holds (lib/shared/holdings.ts); '' for any */
  kind: HoldingKind | '';
  offset: number;
  limit: number;
};

export type HistogramBucket = {
  label: string;
  /** seconds left, from (inclusive) to (exclusive; null: no upper bound, JSON has no Infinity) */
  from: number;
  to: number | null;
  count: number;
};

export type LeaseSummary = {
  alive: number;
  /** alive, with EXPIRING_SOON_S or fewer seconds left (by their last reading) */
  expiringSoon: number;
  /** leases etcd expired, and leases revoked, in the last minute */
  expiredLastMinute: number;
  revokedLastMinute: number;
  histogram: HistogramBucket[];
};

export type RoundStat = {
  /** epoch ms the round started */
  at: number;
  /** how long it took, listing included */
  ms: number;
  /** leases etcd listed */
  leases: number;
  /** TimeToLive requests it sent */
  reads: number;
  /** listed leases not read yet at its end */
  unread: number;
  /** whether etcd's pace (or DASHBOARD_MAX_READS_PER_SECOND) left out reads the policy wanted */
  capped: boolean;
  /** at its end, how old the oldest reading of an alive lease was, ms */
  maxStalenessMs: number;
};

export type SamplerStats = {
  /**
   * `as-needed`: leases on screen read every second, the rest when their reading may have gone
   * wrong and within `stalenessBoundS`; `behind`: there are more reads to do than etcd's pace (or
   * the operator's cap) allows, so readings get older than that
   */
  mode: 'as-needed' | 'behind';
  /** no reading is older than this while the sampler keeps up, s */
  stalenessBoundS: number;
  /**
   * the key prefixes the watch covers (DASHBOARD_WATCH_PREFIXES); null: every key. Keys elsewhere
   * have no live events: their changes show at their lease's next reading
   */
  watchPrefixes: string[] | null;
  /** TimeToLive answers a second the last rounds managed, smoothed; null before the first */
  readsPerSecond: number | null;
  lastRound: RoundStat | null;
};

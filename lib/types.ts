// The shapes the server hands to the browser. Plain JSON; no etcd3 types cross this line.
import type { TtlPoint } from './history';

export type LeaseStatus = 'alive' | 'expired' | 'revoked';

export type LeaseView = {
  /** 16-digit lowercase hex, as etcdctl prints it */
  id: string;
  /** the TTL the lease was granted (or last renewed) with, seconds */
  grantedTTL: number;
  /** seconds left when last read; -1 once the lease is gone */
  ttl: number;
  /** keys attached now (empty once the lease is gone) */
  keys: string[];
  status: LeaseStatus;
  /** who revoked it, for revoked leases: this dashboard, or another client such as etcdctl */
  revokedBy: 'dashboard' | 'another client' | null;
  /** epoch ms of the reading `ttl` comes from */
  readAt: number;
  /** epoch ms when the dashboard first saw the lease */
  firstSeenAt: number;
  /** epoch ms when the dashboard saw the lease gone, null while alive */
  goneAt: number | null;
  /** the keys etcd deleted with the lease, once it is gone */
  deletedKeys: string[];
};

export type EtcdStatus = {
  ok: boolean;
  endpoints: string[];
  /** what went wrong on the last attempt, in words */
  error: string | null;
  /** epoch ms of the last successful round, null if none yet */
  lastOkAt: number | null;
};

export type LeasesResponse = {
  /** epoch ms when the latest sampling round started */
  sampledAt: number;
  /** the server's clock when it answered, so the browser can correct for its own */
  now: number;
  etcd: EtcdStatus;
  leases: LeaseView[];
};

export type LeaseDetailResponse = {
  now: number;
  etcd: EtcdStatus;
  lease: LeaseView;
  history: TtlPoint[];
};

export type HealthResponse = EtcdStatus & { sampledAt: number };

import type { LeaseView } from '@/lib/shared/contract';
import type { KeyListener } from '@/lib/sampler/key-index';
import type { RoundLog } from '@/lib/sampler/round-log';

// How a sampler is set up (lib/server.ts passes the configuration's values).

export type SamplerOptions = {
  /**
   * Caps each round's reads whatever etcd could do (for a busy cluster:
   * DASHBOARD_MAX_READS_PER_SECOND; rounds start once a second, so a round's reads are a second's).
   */
  maxReadsPerSecond?: number;
  /** DASHBOARD_WATCH_PREFIXES: the key prefixes the watch covers; null or unset: every key */
  watchPrefixes?: string[] | null;
  /**
   * Where the replicas' election keys are: a lease whose keys are all under it is a replica's short
   * session, read once a round, not as often as a lease about to expire (too many reads).
   */
  sessionKeyPrefix?: string;
  /** told of every key that joins or leaves a lease (the locks and elections: ./contention.ts) */
  keyListener?: KeyListener;
  /** where the rounds are logged (the composition root keeps it, for the metrics) */
  rounds?: RoundLog;
  /** a lease this dashboard granted is gone: its record in etcd may go (lib/mutations/granted-leases.ts) */
  grantedGone?: (id: string) => void;
};

/** Whether a lease, by its keys, is a replica's session (see SamplerOptions.sessionKeyPrefix). */
export function isSession(view: LeaseView | null, prefix: string | undefined): boolean {
  if (!prefix || view?.status !== 'alive' || view.keys.length === 0) return false;
  return view.keys.every((k) => k.startsWith(prefix));
}

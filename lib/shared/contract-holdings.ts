// The JSON contract, continued: what a lease holds, as the dashboard recognises it from the layout of
// its keys (./holdings.ts), and what a revoke by key prefix would take. Plain data; imports only the
// rest of the contract.
import type { Message } from '@/lib/shared/contract-events';

/** Whose recipe a lock or election key follows: Go clientv3's concurrency package, or etcd3's. */
export type Recipe = 'clientv3' | 'etcd3';

/** One contender in a lock or election: a key under `<name>/`, in create-revision order. */
export type Contender = {
  /** the contender's lease, 16-digit hex; '' for a key without one (it blocks the line all the same) */
  lease: string;
  key: string;
  /** the key's create revision, as a decimal string */
  createRevision: string;
  /** the value (an election's proposal), cut to a few dozen characters */
  value: string;
};

type Contention = {
  recipe: Recipe;
  /** the lock's or election's name: the key prefix before `/<lease ID>` */
  name: string;
  /** 1 for the holder or leader, 2 for the first in line after it, ... */
  position: number;
  /** how many contenders there are in all */
  contenders: number;
};

export type Holding =
  | (Contention & { kind: 'lock' })
  | (Contention & {
      kind: 'election';
      /** this candidate's proposal */
      proposal: string;
      /** the leader's proposal */
      leader: string;
    })
  /** a key in a lock's or election's layout whose group has not been read yet */
  | { kind: 'contending'; recipe: Recipe; name: string }
  | { kind: 'k8s-events'; count: number }
  | { kind: 'k8s-master'; ip: string }
  | { kind: 'registration'; service: string; instance: string | null; count: number };

/** What the list can be filtered by: each holding's family. */
export type HoldingKind = 'lock' | 'election' | 'registration' | 'kubernetes' | 'plain';

/** How many alive leases hold what, and which key prefixes hold the most leases. */
export type HoldingsResponse = {
  now: number;
  kinds: Record<HoldingKind, number>;
  /** prefixes (one and two path segments deep), the most leases first */
  prefixes: { prefix: string; leases: number }[];
  /** how many alive leases these figures cover (their keys as last read) */
  leases: number;
};

/** One lease a revoke by prefix would take. */
export type PrefixLease = {
  id: string;
  /** its keys under the prefix */
  keysInPrefix: number;
  /** its keys outside the prefix: etcd deletes those too */
  keysOutside: number;
  /** the first of those outside keys, so the operator sees what else goes */
  outsideSample: string[];
};

export type PrefixPreview = {
  prefix: string;
  /** quote it to confirm: the revoke takes exactly these leases */
  token: string;
  leases: PrefixLease[];
  /** keys under the prefix that sit on a lease */
  keysInPrefix: number;
  /** keys outside the prefix on those leases */
  keysOutside: number;
  /** epoch ms the preview expires */
  expiresAt: number;
  /** the confirmation must type the lease count back (a prefix of `/`) */
  countRequired: boolean;
};

export type PrefixRevokeResult = {
  prefix: string;
  revoked: string[];
  /** previewed leases that were gone already */
  alreadyGone: string[];
  /** each with why, in words and (`said`, absent for etcd's own words) as a catalog message */
  failed: { id: string; error: string; said?: Message }[];
};

import 'server-only';
import { randomUUID } from 'node:crypto';
import { keysOnLeases } from '@/lib/etcd/contenders';
import { errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';
import {
  assertKeyInScope,
  assertWritable,
  InputError,
  type RequestContext,
} from '@/lib/access/guard';
import { getChanges, getSampler } from '@/lib/server';
import { mapLimit } from '@/lib/sampler/map-limit';
import { say } from '@/lib/shared/english';
import type {
  PrefixLease,
  PrefixPreview,
  PrefixRevokeResult,
} from '@/lib/shared/contract-holdings';

// Revoke by key prefix, in two steps. The preview reads what etcd has under the prefix (`etcdctl get
// --prefix --keys-only`) and each of those leases with its keys (TimeToLive), and says how many
// leases and keys go, and which of those leases also hold keys outside the prefix (etcd deletes
// those too). The revoke then takes exactly the previewed leases, each through the one path for
// changes (read-only mode, sign-in, DASHBOARD_KEY_PREFIX and leadership are checked per lease).
//
// Bounded: a prefix with more than MAX_KEYS keys or MAX_LEASES leases is refused (narrow it); a
// preview lasts PREVIEW_MS, is used once, and only by the client that asked for it. A broad
// prefix (fewer than two path segments: `/`, `/registry/`) or one that takes more than BROAD_LEASES
// leases needs the lease count typed back. A previewed lease that no longer holds a key under the
// prefix, or holds more keys outside it than the preview said, is left alone ("changed since").

export const MAX_KEYS = 10_000;
export const MAX_LEASES = 500;
export const PREVIEW_MS = 2 * 60_000;
const MAX_PREVIEWS = 20;
const OUTSIDE_SAMPLE = 3;
const IN_FLIGHT = 8;
export const BROAD_LEASES = 20;

type Stored = {
  prefix: string;
  client: string;
  /** each previewed lease and how many keys it held outside the prefix */
  leases: Map<string, number>;
  expiresAt: number;
  countRequired: boolean;
};
const cache = globalThis as typeof globalThis & { __leaseDashboardPreviews?: Map<string, Stored> };
const previews = (): Map<string, Stored> => (cache.__leaseDashboardPreviews ??= new Map());

/** Fewer than two path segments (`/`, `/registry/`, `app`): it must be confirmed by count. */
const isBroad = (prefix: string) => prefix.split('/').filter(Boolean).length < 2;

export async function previewPrefixRevoke(
  prefix: string,
  caller: RequestContext,
): Promise<PrefixPreview> {
  assertWritable();
  assertKeyInScope(prefix, 'prefix');
  const { keys, more } = await keysOnLeases(prefix, MAX_KEYS);
  if (more)
    throw new InputError('prefix', say('errors.prefix.tooManyKeys', { max: MAX_KEYS, prefix }));
  const inPrefix = new Map<string, number>();
  for (const { lease } of keys) inPrefix.set(lease, (inPrefix.get(lease) ?? 0) + 1);
  if (inPrefix.size > MAX_LEASES)
    throw new InputError(
      'prefix',
      say('errors.prefix.tooManyLeases', { count: inPrefix.size, prefix, max: MAX_LEASES }),
    );
  const sampler = getSampler();
  const leases = await mapLimit([...inPrefix], IN_FLIGHT, async ([id, n]) => {
    const view = await sampler.refresh(id, { keys: true }).catch(() => sampler.lease(id));
    const all = view?.status === 'alive' ? view.keys : [];
    const outside = all.filter((k) => !k.startsWith(prefix));
    const lease: PrefixLease = {
      id,
      keysInPrefix: n,
      keysOutside: outside.length,
      outsideSample: outside.slice(0, OUTSIDE_SAMPLE),
    };
    return view?.status === 'alive' ? lease : null;
  });
  const alive = leases.filter((l): l is PrefixLease => l !== null);
  const stored: Stored = {
    prefix,
    client: caller.client,
    leases: new Map(alive.map((l) => [l.id, l.keysOutside])),
    expiresAt: Date.now() + PREVIEW_MS,
    countRequired: isBroad(prefix) || alive.length > BROAD_LEASES,
  };
  const token = randomUUID();
  forgetOld(Date.now());
  previews().set(token, stored);
  return {
    prefix,
    token,
    leases: alive,
    keysInPrefix: alive.reduce((n, l) => n + l.keysInPrefix, 0),
    keysOutside: alive.reduce((n, l) => n + l.keysOutside, 0),
    expiresAt: stored.expiresAt,
    countRequired: stored.countRequired,
  };
}

export async function revokePrefix(
  input: { prefix: string; token: string; count?: number },
  caller: RequestContext,
): Promise<PrefixRevokeResult> {
  assertWritable();
  assertKeyInScope(input.prefix, 'prefix');
  forgetOld(Date.now());
  const stored = previews().get(input.token);
  if (!stored || stored.prefix !== input.prefix || stored.client !== caller.client)
    throw new InputError('token', say('errors.prefix.noPreview', { prefix: input.prefix }));
  const ids = [...stored.leases.keys()];
  if (stored.countRequired && input.count !== ids.length)
    throw new InputError(
      'count',
      say('errors.prefix.typeCount', { count: ids.length, prefix: stored.prefix }),
    );
  previews().delete(input.token);
  const result: PrefixRevokeResult = {
    prefix: stored.prefix,
    revoked: [],
    alreadyGone: [],
    failed: [],
  };
  await mapLimit(ids, IN_FLIGHT, async (id) => {
    try {
      await getChanges().revoke(id, (now) => unchanged(stored, now));
      result.revoked.push(id);
    } catch (err) {
      if (isLeaseGone(errorCodeOf(err))) result.alreadyGone.push(id);
      else {
        const { message, said } = publicError(err);
        result.failed.push({ id, error: message, ...(said ? { said } : {}) });
      }
    }
  });
  return result;
}

/** Refuses a lease that changed since the preview: nothing under the prefix, or more elsewhere. */
function unchanged(stored: Stored, lease: { id: string; keys: string[] }): void {
  const outside = lease.keys.filter((k) => !k.startsWith(stored.prefix)).length;
  const previewed = stored.leases.get(lease.id) ?? 0;
  if (outside === lease.keys.length || outside > previewed)
    throw new InputError(
      'prefix',
      say('errors.prefix.changed', {
        id: lease.id,
        none: outside === lease.keys.length ? 'yes' : 'no',
        prefix: stored.prefix,
        outside,
        previewed,
      }),
    );
}

function forgetOld(now: number): void {
  const all = previews();
  for (const [token, p] of all) if (p.expiresAt <= now) all.delete(token);
  while (all.size >= MAX_PREVIEWS) {
    const oldest = all.keys().next().value;
    if (oldest === undefined) break;
    all.delete(oldest);
  }
}

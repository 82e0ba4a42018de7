import 'server-only';
import { randomUUID } from 'node:crypto';
import { keysOnLeases } from '@/lib/etcd/contenders';
import { errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';
import { assertKeyInScope, assertWritable, InputError } from '@/lib/access/guard';
import { getChanges, getSampler } from '@/lib/server';
import { mapLimit } from '@/lib/sampler/map-limit';
import { plural } from '@/lib/shared/words';
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
// preview lasts PREVIEW_MS and is used once. A prefix of `/` needs the lease count typed back.

export const MAX_KEYS = 10_000;
export const MAX_LEASES = 500;
export const PREVIEW_MS = 2 * 60_000;
const MAX_PREVIEWS = 20;
const OUTSIDE_SAMPLE = 3;
const IN_FLIGHT = 8;

type Stored = { prefix: string; ids: string[]; expiresAt: number; countRequired: boolean };
const cache = globalThis as typeof globalThis & { __leaseDashboardPreviews?: Map<string, Stored> };
const previews = (): Map<string, Stored> => (cache.__leaseDashboardPreviews ??= new Map());

/** Whether the prefix takes in every key a user is likely to have: it must be confirmed by count. */
const isBroad = (prefix: string) => prefix === '/';

export async function previewPrefixRevoke(prefix: string): Promise<PrefixPreview> {
  assertWritable();
  assertKeyInScope(prefix, 'prefix');
  const { keys, more } = await keysOnLeases(prefix, MAX_KEYS);
  if (more)
    throw new InputError(
      'prefix',
      `More than ${plural(MAX_KEYS, 'key')} under ${prefix}: narrow the prefix`,
    );
  const inPrefix = new Map<string, number>();
  for (const { lease } of keys) inPrefix.set(lease, (inPrefix.get(lease) ?? 0) + 1);
  if (inPrefix.size > MAX_LEASES)
    throw new InputError(
      'prefix',
      `${plural(inPrefix.size, 'lease')} hold keys under ${prefix}; at most ${MAX_LEASES} are revoked at a time: narrow the prefix`,
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
    ids: alive.map((l) => l.id),
    expiresAt: Date.now() + PREVIEW_MS,
    countRequired: isBroad(prefix),
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

export async function revokePrefix(input: {
  prefix: string;
  token: string;
  count?: number;
}): Promise<PrefixRevokeResult> {
  assertWritable();
  assertKeyInScope(input.prefix, 'prefix');
  forgetOld(Date.now());
  const stored = previews().get(input.token);
  if (!stored || stored.prefix !== input.prefix)
    throw new InputError('token', `No preview of ${input.prefix} to confirm: preview it first`);
  if (stored.countRequired && input.count !== stored.ids.length)
    throw new InputError(
      'count',
      `Type the number of leases (${stored.ids.length}) to revoke everything under ${stored.prefix}`,
    );
  previews().delete(input.token);
  const result: PrefixRevokeResult = {
    prefix: stored.prefix,
    revoked: [],
    alreadyGone: [],
    failed: [],
  };
  await mapLimit(stored.ids, IN_FLIGHT, async (id) => {
    try {
      await getChanges().revoke(id);
      result.revoked.push(id);
    } catch (err) {
      if (isLeaseGone(errorCodeOf(err))) result.alreadyGone.push(id);
      else result.failed.push({ id, error: publicError(err).message });
    }
  });
  return result;
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

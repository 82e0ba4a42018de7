import 'server-only';
import { keysOnLeases } from '@/lib/etcd/contenders';
import {
  assertKeyInScope,
  assertWritable,
  InputError,
  type RequestContext,
} from '@/lib/access/guard';
import { getSampler } from '@/lib/server';
import { mapLimit } from '@/lib/sampler/map-limit';
import {
  BROAD_LEASES,
  IN_FLIGHT,
  MAX_LEASES,
  previewFor,
  remember,
  revokeEach,
  used,
  type Preview,
} from '@/lib/mutations/revoke-previews';
import { say } from '@/lib/shared/english';
import type {
  PrefixLease,
  PrefixPreview,
  PrefixRevokeResult,
} from '@/lib/shared/contract-holdings';

// Revoke by key prefix in two steps, so nobody revokes what they have not seen: a preview (how many
// leases and keys go, and keys outside the prefix that go too), then exactly the previewed leases,
// each through the one path for changes; a lease changed since is left alone. Broad prefixes need
// the lease count typed back; huge ones are refused. Previews: ./revoke-previews.ts.

export { BROAD_LEASES, MAX_LEASES, PREVIEW_MS } from '@/lib/mutations/revoke-previews';
export const MAX_KEYS = 10_000;
const OUTSIDE_SAMPLE = 3;

/** each previewed lease and how many keys it held outside the prefix */
type Stored = Preview<number> & { prefix: string };
const scopeOf = (prefix: string) => `prefix:${prefix}`;

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
  const countRequired = isBroad(prefix) || alive.length > BROAD_LEASES;
  const { token, expiresAt } = remember({
    scope: scopeOf(prefix),
    client: caller.client,
    leases: new Map(alive.map((l) => [l.id, l.keysOutside])),
    countRequired,
  });
  return {
    prefix,
    token,
    leases: alive,
    keysInPrefix: alive.reduce((n, l) => n + l.keysInPrefix, 0),
    keysOutside: alive.reduce((n, l) => n + l.keysOutside, 0),
    expiresAt,
    countRequired,
  };
}

export async function revokePrefix(
  input: { prefix: string; token: string; count?: number },
  caller: RequestContext,
): Promise<PrefixRevokeResult> {
  assertWritable();
  assertKeyInScope(input.prefix, 'prefix');
  const found = previewFor<number>(input.token, scopeOf(input.prefix), caller.client);
  if (!found)
    throw new InputError('token', say('errors.prefix.noPreview', { prefix: input.prefix }));
  const stored: Stored = { ...found, prefix: input.prefix };
  const ids = [...stored.leases.keys()];
  if (stored.countRequired && input.count !== ids.length)
    throw new InputError(
      'count',
      say('errors.prefix.typeCount', { count: ids.length, prefix: stored.prefix }),
    );
  used(input.token);
  const outcome = await revokeEach(ids, (lease) => unchanged(stored, lease), caller.as);
  return { prefix: stored.prefix, ...outcome };
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

import 'server-only';
import { assertWritable, InputError, type RequestContext } from '@/lib/access/guard';
import { getMonitor } from '@/lib/server';
import { mapLimit } from '@/lib/sampler/map-limit';
import {
  BROAD_LEASES,
  IN_FLIGHT,
  MAX_LEASES,
  previewFor,
  remember,
  revokeEach,
  used,
} from '@/lib/mutations/revoke-previews';
import { say } from '@/lib/shared/english';
import type { AliveLease } from '@/lib/shared/contract';
import type {
  FindingKind,
  FindingRevokePreview,
  FindingRevokeResult,
  FindingThresholds,
} from '@/lib/shared/contract-findings';

// Revoking the leases a finding names, in the same two steps as a revoke by prefix
// (./revoke-previews.ts). A lease that gained keys since the preview is left alone: etcd would
// delete keys nobody was shown.

const scopeOf = (kind: FindingKind) => `finding:${kind}`;

/** Whether the finding still holds for the lease as just read. */
function stillHolds(kind: FindingKind, lease: AliveLease, th: FindingThresholds): boolean {
  if (kind === 'heavy') return lease.keyCount > th.heavyKeys;
  return lease.keyCount === 0 && lease.keysHidden === null;
}

export async function previewFindingRevoke(
  kind: FindingKind,
  caller: RequestContext,
): Promise<FindingRevokePreview> {
  assertWritable();
  const { findings, sampler, changes } = getMonitor();
  if (!findings.actionable(kind))
    throw new InputError('kind', say('findings.error.notActionable', { kind }));
  const named = findings.leasesOf(kind);
  const ids = named.slice(0, MAX_LEASES);
  const leases = await mapLimit(ids, IN_FLIGHT, async (id) => {
    const view = await sampler.refresh(id, { keys: true }).catch(() => sampler.lease(id));
    if (view?.status !== 'alive' || !stillHolds(kind, view, findings.thresholds)) return null;
    try {
      await changes.assertInScope(view);
    } catch {
      return null;
    }
    return { id, keys: view.keyCount };
  });
  const kept = leases.filter((l): l is { id: string; keys: number } => l !== null);
  if (kept.length === 0) throw new InputError('kind', say('findings.error.nothing', { kind }));
  const countRequired = kept.length > BROAD_LEASES;
  const { token, expiresAt } = remember({
    scope: scopeOf(kind),
    client: caller.client,
    leases: new Map(kept.map((l) => [l.id, l.keys])),
    countRequired,
  });
  return {
    kind,
    token,
    leases: kept,
    keys: kept.reduce((n, l) => n + l.keys, 0),
    expiresAt,
    countRequired,
    more: named.length - ids.length,
  };
}

export async function revokeFinding(
  input: { kind: FindingKind; token: string; count?: number },
  caller: RequestContext,
): Promise<FindingRevokeResult> {
  assertWritable();
  const { kind } = input;
  const stored = previewFor<number>(input.token, scopeOf(kind), caller.client);
  if (!stored) throw new InputError('token', say('findings.error.noPreview', { kind }));
  const ids = [...stored.leases.keys()];
  if (stored.countRequired && input.count !== ids.length)
    throw new InputError('count', say('findings.error.typeCount', { count: ids.length }));
  used(input.token);
  const outcome = await revokeEach(
    ids,
    (lease) => {
      const previewed = stored.leases.get(lease.id) ?? 0;
      if (lease.keys.length > previewed)
        throw new InputError(
          'kind',
          say('findings.error.changed', { id: lease.id, keys: lease.keys.length, previewed }),
        );
    },
    caller.as,
  );
  return { kind, ...outcome };
}

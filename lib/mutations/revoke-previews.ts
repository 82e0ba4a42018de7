import 'server-only';
import type { EtcdUser } from '@/lib/etcd/user-clients';
import { randomUUID } from 'node:crypto';
import { errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';
import { getChanges } from '@/lib/server';
import { mapLimit } from '@/lib/sampler/map-limit';
import type { AliveLease, Problem } from '@/lib/shared/contract';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// The two steps of every revoke of many leases (./prefix-revoke.ts, ./finding-revoke.ts): a preview
// names exactly the leases, and a one-use token, for the client that asked, confirms it.

export const MAX_LEASES = 500;
export const PREVIEW_MS = 2 * 60_000;
export const BROAD_LEASES = 20;
export const IN_FLIGHT = 8;
const MAX_PREVIEWS = 20;

/** A preview: what it is of (`scope`), for whom, and each lease with what was seen of it. */
export type Preview<T> = {
  scope: string;
  client: string;
  leases: Map<string, T>;
  expiresAt: number;
  countRequired: boolean;
};

const PREVIEWS = slot('mutations.revoke-previews', () => new Map<string, Preview<unknown>>());
const previews = (): Map<string, Preview<unknown>> => currentDashboard().get(PREVIEWS);

/** Keeps a preview for PREVIEW_MS; its token and when it expires. */
export function remember<T>(
  preview: Omit<Preview<T>, 'expiresAt'>,
  now = Date.now(),
): { token: string; expiresAt: number } {
  const token = randomUUID();
  const expiresAt = now + PREVIEW_MS;
  forgetOld(now);
  previews().set(token, { ...preview, expiresAt });
  return { token, expiresAt };
}

/** The preview `token` names, if it is of `scope`, asked for by `client`, and not expired. */
export function previewFor<T>(token: string, scope: string, client: string): Preview<T> | null {
  forgetOld(Date.now());
  const stored = previews().get(token);
  if (!stored || stored.scope !== scope || stored.client !== client) return null;
  return stored as Preview<T>;
}

/** A preview is used once. */
export function used(token: string): void {
  previews().delete(token);
}

export type RevokeOutcome = {
  revoked: string[];
  alreadyGone: string[];
  failed: { id: string; error: Problem }[];
};

/** Revokes each lease through the one path for changes; `check` may refuse one on what it holds now. */
export async function revokeEach(
  ids: string[],
  check: (lease: AliveLease) => void,
  as: EtcdUser | null,
): Promise<RevokeOutcome> {
  const out: RevokeOutcome = { revoked: [], alreadyGone: [], failed: [] };
  await mapLimit(ids, IN_FLIGHT, async (id) => {
    try {
      await getChanges().revoke(id, check, as);
      out.revoked.push(id);
    } catch (err) {
      if (isLeaseGone(errorCodeOf(err))) out.alreadyGone.push(id);
      else {
        out.failed.push({ id, error: publicError(err) });
      }
    }
  });
  return out;
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

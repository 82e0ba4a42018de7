import 'server-only';
import type { Audited } from '@/lib/audit/record';
import { configOrNull } from '@/lib/dashboard/registry';
import type { AttachInput, GrantInput, KeepAliveInput, LeaseRef } from '@/lib/shared/schemas';
import type {
  AttachResult,
  GrantResult,
  KeepAliveResult,
  RevokeResult,
} from '@/lib/shared/contract-actions';
import type { PrefixPreview } from '@/lib/shared/contract-holdings';
import type { FindingKind, FindingRevokePreview } from '@/lib/shared/contract-findings';
import type { RevokedLeases } from '@/lib/shared/contract-holdings';

// What each server action's entry in the audit trail names, from its input and its result. Only
// these fields reach an entry: a token or password typed into a form never does.

const audited = <I, T>(a: Audited<I, T>) => a;

/** A revoke of several leases: how many were previewed, and what became of them. */
const outcome = (r: RevokedLeases | undefined) =>
  r && {
    counts: {
      leases: r.revoked.length + r.alreadyGone.length + r.failed.length,
      revoked: r.revoked.length,
      alreadyGone: r.alreadyGone.length,
      failed: r.failed.length,
    },
  };

/**
 * The etcd user name a sign-in form sent (never its token or password). Only etcd users sign in by
 * name: a token sign-in that also sends one is the token's.
 */
function typedUser(raw: unknown): string | null {
  if (configOrNull()?.access.signIn !== 'etcd') return null;
  if (typeof raw !== 'object' || raw === null) return null;
  const fields = raw as Record<string, unknown>;
  const name = fields.user ?? fields.username;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
}

const leaseOf = (input: LeaseRef | undefined) => ({ lease: input?.leaseId.hex });

export const AUDIT = {
  signIn: audited<unknown, unknown>({
    action: 'sign-in',
    // Whoever the session is for once it works; a failure names the user typed, if any.
    who: (raw, ok, requester) => typedUser(raw) ?? (ok ? 'token' : requester),
  }),
  signOut: audited<unknown, unknown>({ action: 'sign-out' }),
  grant: audited<GrantInput, GrantResult>({
    action: 'grant',
    what: (input, result) => ({
      lease: result?.id,
      ...(input?.key ? { key: input.key, keys: 1 } : input ? { keys: 0 } : {}),
    }),
  }),
  attach: audited<AttachInput, AttachResult>({
    action: 'attach',
    what: (input) => ({ lease: input?.leaseId.hex, key: input?.key, keys: input && 1 }),
  }),
  renew: audited<LeaseRef, unknown>({ action: 'renew', what: leaseOf }),
  revoke: audited<LeaseRef, RevokeResult>({
    action: 'revoke',
    what: (input, result) => ({ ...leaseOf(input), keys: result?.deletedKeyCount }),
  }),
  keepAlive: audited<KeepAliveInput, KeepAliveResult>({
    action: 'keep-alive-on',
    what: (input, result, at) => ({
      action:
        input?.on === false
          ? 'keep-alive-off'
          : result?.keepAlive.on && result.keepAlive.startedAt < at
            ? 'keep-alive-schedule'
            : 'keep-alive-on',
      ...leaseOf(input),
      schedule: input?.on ? input.schedule : undefined,
    }),
  }),
  prefixPreview: audited<{ prefix: string }, PrefixPreview>({
    action: 'prefix-preview',
    what: (input, result) => ({
      prefix: input?.prefix,
      keys: result?.keysInPrefix,
      counts: result && { leases: result.leases.length, keysOutside: result.keysOutside },
    }),
  }),
  revokePrefix: audited<{ prefix: string }, RevokedLeases>({
    action: 'revoke-prefix',
    what: (input, result) => ({ prefix: input?.prefix, ...outcome(result) }),
  }),
  findingPreview: audited<{ kind: FindingKind }, FindingRevokePreview>({
    action: 'finding-preview',
    what: (input, result) => ({
      kind: input?.kind,
      keys: result?.keys,
      counts: result && { leases: result.leases.length },
    }),
  }),
  revokeFinding: audited<{ kind: FindingKind }, RevokedLeases>({
    action: 'revoke-finding',
    what: (input, result) => ({ kind: input?.kind, ...outcome(result) }),
  }),
};

/** A scenario's step: which scenario, and the step (or operation) its input names. */
export const scenarioStep = <I>(scenario: string, step: (input: I) => string) =>
  audited<I, unknown>({
    action: 'scenario',
    what: (input) => ({ scenario, step: input === undefined ? undefined : step(input) }),
  });

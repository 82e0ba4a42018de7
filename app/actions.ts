'use server';

import { z } from 'zod';
import {
  detached,
  formFields,
  refusedAction,
  runAction,
  runMutation,
} from '@/lib/mutations/run-action';
import { AUDIT } from '@/lib/audit/actions';
import type { Audited } from '@/lib/audit/record';
import { signIn, signOut, type SignedIn } from '@/lib/access/sign-in';
import type { ActionResult, FormState } from '@/lib/shared/action-result';
import { asIs } from '@/lib/shared/errors';
import {
  attachKey,
  grantLeaseWithKey,
  renewOnce,
  revoke,
  setKeepAlive,
} from '@/lib/mutations/leases';
import {
  attachInputSchema,
  grantInputSchema,
  keepAliveInputSchema,
  leaseRefSchema,
  prefixPreviewSchema,
  prefixRevokeSchema,
  findingPreviewSchema,
  findingRevokeSchema,
  signInSchema,
} from '@/lib/shared/schemas';
import { previewPrefixRevoke, revokePrefix } from '@/lib/mutations/prefix-revoke';
import type { PrefixPreview, PrefixRevokeResult } from '@/lib/shared/contract-holdings';
import { previewFindingRevoke, revokeFinding } from '@/lib/mutations/finding-revoke';
import type { FindingRevokePreview, FindingRevokeResult } from '@/lib/shared/contract-findings';
import type {
  AttachResult,
  GrantResult,
  KeepAliveResult,
  RenewResult,
  RevokeResult,
} from '@/lib/shared/contract-actions';

// The dashboard's mutations. Thin on purpose: check access, validate, call lib/, return one result
// type; each names how the audit trail records it (lib/audit/actions.ts). Reads are route handlers
// (app/api/).

function echo(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** What a form action answers when it was sent something other than form fields. */
const notAForm = { code: 'invalid_input', ...asIs('Send the fields as a form') } as const;
const NOT_A_FORM_FAILURE = detached({ ok: false, ...notAForm, fieldErrors: { form: notAForm } });
const NOT_A_FORM: FormState<never> = { result: NOT_A_FORM_FAILURE, values: {} };

/** Answers a form action sent something else, recorded as the attempt it was. */
async function refusedNotAForm<I, T>(audited: Audited<I, T>): Promise<FormState<never>> {
  await refusedAction(audited, NOT_A_FORM_FAILURE);
  return NOT_A_FORM;
}

export async function grantLeaseAction(
  _previous: FormState<GrantResult>,
  formData: FormData,
): Promise<FormState<GrantResult>> {
  if (!(formData instanceof FormData)) return refusedNotAForm(AUDIT.grant);
  const fields = formFields(formData);
  const result = await runMutation(grantInputSchema, fields, grantLeaseWithKey, AUDIT.grant);
  return { result, values: echo(fields) };
}

export async function attachKeyAction(
  _previous: FormState<AttachResult>,
  formData: FormData,
): Promise<FormState<AttachResult>> {
  if (!(formData instanceof FormData)) return refusedNotAForm(AUDIT.attach);
  const fields = formFields(formData);
  const result = await runMutation(attachInputSchema, fields, attachKey, AUDIT.attach);
  return { result, values: echo(fields) };
}

export async function renewLeaseAction(input: unknown): Promise<ActionResult<RenewResult>> {
  return runMutation(
    leaseRefSchema,
    input,
    ({ leaseId }, caller) => renewOnce(leaseId.hex, caller.as),
    AUDIT.renew,
  );
}

export async function revokeLeaseAction(input: unknown): Promise<ActionResult<RevokeResult>> {
  return runMutation(
    leaseRefSchema,
    input,
    ({ leaseId }, caller) => revoke(leaseId.hex, caller),
    AUDIT.revoke,
  );
}

export async function setKeepAliveAction(input: unknown): Promise<ActionResult<KeepAliveResult>> {
  return runMutation(keepAliveInputSchema, input, setKeepAlive, AUDIT.keepAlive);
}

/** Sign in with DASHBOARD_TOKEN or as an etcd user: sets an httpOnly, SameSite=strict session cookie. */
export async function signInAction(
  _previous: FormState<SignedIn>,
  formData: FormData,
): Promise<FormState<SignedIn>> {
  if (!(formData instanceof FormData)) return refusedNotAForm(AUDIT.signIn);
  const fields = formFields(formData);
  const result = await runAction(signInSchema, fields, signIn, AUDIT.signIn);
  // The token and the password are never echoed back into the form; the user name is.
  return { result, values: typeof fields.user === 'string' ? { user: fields.user } : {} };
}

export async function signOutAction(): Promise<ActionResult<{ signedIn: false }>> {
  return runAction(z.strictObject({}), {}, signOut, AUDIT.signOut);
}

/** Step one of a revoke by key prefix: what it would take (nothing changes in etcd). */
export async function previewPrefixRevokeAction(
  input: unknown,
): Promise<ActionResult<PrefixPreview>> {
  return runMutation(
    prefixPreviewSchema,
    input,
    ({ prefix }, caller) => previewPrefixRevoke(prefix, caller),
    AUDIT.prefixPreview,
  );
}

/** Step two: revoke exactly the previewed leases. */
export async function revokePrefixAction(
  input: unknown,
): Promise<ActionResult<PrefixRevokeResult>> {
  return runMutation(
    prefixRevokeSchema,
    input,
    (confirmed, caller) => revokePrefix(confirmed, caller),
    AUDIT.revokePrefix,
  );
}

/** Step one of revoking a finding's leases: what it would take (nothing changes in etcd). */
export async function previewFindingRevokeAction(
  input: unknown,
): Promise<ActionResult<FindingRevokePreview>> {
  return runMutation(
    findingPreviewSchema,
    input,
    ({ kind }, caller) => previewFindingRevoke(kind, caller),
    AUDIT.findingPreview,
  );
}

/** Step two: revoke exactly the previewed leases (the lease count typed back when there are many). */
export async function revokeFindingAction(
  input: unknown,
): Promise<ActionResult<FindingRevokeResult>> {
  return runMutation(
    findingRevokeSchema,
    input,
    (confirmed, caller) => revokeFinding(confirmed, caller),
    AUDIT.revokeFinding,
  );
}

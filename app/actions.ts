'use server';

import { formFields, runAction } from '@/lib/action-result';
import type { ActionResult, FormState } from '@/lib/action-types';
import {
  attachKey,
  grantLeaseWithKey,
  renewOnce,
  revoke,
  setKeepAlive,
  type AttachResult,
  type GrantResult,
  type KeepAliveResult,
  type RenewResult,
  type RevokeResult,
} from '@/lib/leases';
import {
  attachInputSchema,
  grantInputSchema,
  keepAliveInputSchema,
  leaseRefSchema,
} from '@/lib/validation';

// The dashboard's mutations. Thin on purpose: validate, call lib/, return one result type.

function echo(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export async function grantLeaseAction(
  _previous: FormState<GrantResult>,
  formData: FormData,
): Promise<FormState<GrantResult>> {
  const fields = formFields(formData);
  const result = await runAction(grantInputSchema, fields, grantLeaseWithKey);
  return { result, values: echo(fields) };
}

export async function attachKeyAction(
  _previous: FormState<AttachResult>,
  formData: FormData,
): Promise<FormState<AttachResult>> {
  const fields = formFields(formData);
  const result = await runAction(attachInputSchema, fields, attachKey);
  return { result, values: echo(fields) };
}

export async function renewLeaseAction(input: unknown): Promise<ActionResult<RenewResult>> {
  return runAction(leaseRefSchema, input, ({ leaseId }) => renewOnce(leaseId.hex));
}

export async function revokeLeaseAction(input: unknown): Promise<ActionResult<RevokeResult>> {
  return runAction(leaseRefSchema, input, ({ leaseId }) => revoke(leaseId.hex));
}

export async function setKeepAliveAction(input: unknown): Promise<ActionResult<KeepAliveResult>> {
  return runAction(keepAliveInputSchema, input, setKeepAlive);
}

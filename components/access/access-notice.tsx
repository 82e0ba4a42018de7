'use client';

import { useActionState, useEffect, useTransition } from 'react';
import { signInAction, signOutAction } from '@/app/actions';
import type { FormState } from '@/lib/shared/action-result';
import type { AccessView } from '@/lib/shared/contract';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';

const idle: FormState<{ signedIn: true }> = { result: null, values: {} };

/** Says what this dashboard may do and who may do it; signs in and out with DASHBOARD_TOKEN. */
export function AccessNotice({ access }: { access: AccessView }) {
  return (
    <section className="access" aria-label="Access">
      {access.readOnly && (
        <p className="notice" role="note">
          <strong>Read-only.</strong> This dashboard is started with DASHBOARD_READ_ONLY=true: it
          shows etcd but changes nothing in it, so its buttons are disabled and the server refuses
          every change.
        </p>
      )}
      {!access.readOnly && !access.tokenRequired && (
        <p className="notice warn" role="note">
          <strong>Anyone who can reach this dashboard can change etcd.</strong> Set DASHBOARD_TOKEN
          to require signing in, or DASHBOARD_READ_ONLY=true to allow no changes.
        </p>
      )}
      {access.keyPrefix && (
        <p className="notice" role="note">
          Keys can only be written under <code>{access.keyPrefix}</code>, and only leases whose keys
          are all under it can be revoked, renewed or kept alive (DASHBOARD_KEY_PREFIX). The list
          still shows every lease.
        </p>
      )}
      {access.tokenRequired && (access.signedIn ? <SignOut /> : <SignIn access={access} />)}
    </section>
  );
}

function SignIn({ access }: { access: AccessView }) {
  const [state, formAction] = useActionState(signInAction, idle);
  // Signed in: load the page again, now with the session cookie, so it shows what it may.
  useEffect(() => {
    if (state.result?.ok) window.location.reload();
  }, [state.result]);
  return (
    <form
      action={formAction}
      noValidate
      className="panel form sign-in"
      aria-labelledby="sign-in-heading"
    >
      <h2 id="sign-in-heading">Sign in</h2>
      <p className="muted small">
        {access.protectReads
          ? 'This dashboard shows nothing until you sign in with its token.'
          : 'Sign in with the dashboard token to change etcd.'}
      </p>
      <Field
        label="Dashboard token"
        id="sign-in-token"
        name="token"
        type="password"
        autoComplete="current-password"
        error={state.result && !state.result.ok ? state.result.fieldErrors?.token : undefined}
      />
      <SubmitButton pendingText="Signing in...">Sign in</SubmitButton>
      <FormStatus result={state.result} describe={() => 'Signed in.'} />
    </form>
  );
}

function SignOut() {
  const [pending, startTransition] = useTransition();
  return (
    <p className="notice" role="note">
      Signed in: this browser may change etcd.{' '}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await signOutAction();
            window.location.reload();
          })
        }
      >
        Sign out
      </button>
    </p>
  );
}

'use client';

import { useActionState, useEffect, useTransition, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { signInAction, signOutAction } from '@/app/actions';
import type { FormState } from '@/lib/shared/action-result';
import type { AccessView } from '@/lib/shared/contract';
import { Field } from '@/components/ui/field';
import { FormStatus, useFieldError } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';

const idle: FormState<{ signedIn: true; user: string | null }> = { result: null, values: {} };

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
const code = (chunks: ReactNode) => <code>{chunks}</code>;

/**
 * Says what this dashboard may do and who may do it; signs in and out with DASHBOARD_TOKEN, or as an
 * etcd user (DASHBOARD_SIGN_IN=etcd).
 */
export function AccessNotice({ access }: { access: AccessView }) {
  const t = useTranslations('access');
  return (
    <section className="access" aria-label={t('label')}>
      {access.readOnly && (
        <p className="notice" role="note">
          {t.rich('readOnly', { strong })}
        </p>
      )}
      {!access.readOnly && access.signIn === 'open' && (
        <p className="notice warn" role="note">
          {t.rich('open', { strong })}
        </p>
      )}
      {access.keyPrefix && (
        <p className="notice" role="note">
          {t.rich('keyPrefix', { prefix: access.keyPrefix, code })}
        </p>
      )}
      {access.signIn !== 'open' &&
        (access.signedIn ? <SignOut user={access.user} /> : <SignIn access={access} />)}
    </section>
  );
}

function SignIn({ access }: { access: AccessView }) {
  const t = useTranslations('access');
  const [state, formAction] = useActionState(signInAction, idle);
  const fieldError = useFieldError(state.result);
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
      <h2 id="sign-in-heading">{t('signIn')}</h2>
      {access.signIn === 'etcd' ? (
        <>
          <p className="muted small">
            {access.protectReads ? t('signInAsUserToSee') : t('signInAsUserToChange')}
          </p>
          <Field
            label={t('user')}
            id="sign-in-user"
            name="user"
            autoComplete="username"
            defaultValue={state.values.user ?? ''}
            error={fieldError('user')}
          />
          <Field
            label={t('password')}
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            error={fieldError('password')}
          />
        </>
      ) : (
        <>
          <p className="muted small">
            {access.protectReads ? t('signInToSee') : t('signInToChange')}
          </p>
          <Field
            label={t('token')}
            id="sign-in-token"
            name="token"
            type="password"
            autoComplete="current-password"
            error={fieldError('token')}
          />
        </>
      )}
      <SubmitButton pendingText={t('signingIn')}>{t('signIn')}</SubmitButton>
      <FormStatus result={state.result} describe={() => t('signedIn')} />
    </form>
  );
}

function SignOut({ user }: { user: string | null }) {
  const t = useTranslations('access');
  const [pending, startTransition] = useTransition();
  return (
    <p className="notice" role="note">
      {user ? t.rich('signedInAs', { user, strong }) : t('signedInNotice')}{' '}
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
        {t('signOut')}
      </button>
    </p>
  );
}

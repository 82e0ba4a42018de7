'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { grantLeaseAction } from '@/app/actions';
import type { FormState } from '@/lib/shared/action-result';
import { attachCommand, grantCommand } from '@/lib/shared/etcdctl';
import { Field } from '@/components/ui/field';
import { FormStatus, useFieldError } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { useChanges } from '@/components/access/access-context';
import { CommandList } from '@/components/leases/command-list';
import { formValues } from '@/components/leases/form-values';
import type { GrantResult } from '@/lib/shared/contract-actions';

const initial: FormState<GrantResult> = {
  result: null,
  values: { ttl: '10', key: '/service/self', value: '127.0.0.1' },
};

/** Grant a lease, optionally with a key put on it: the tutorial's first two steps. */
export function GrantForm({ onGranted }: { onGranted: (id: string) => void }) {
  const t = useTranslations('grant');
  const tf = useTranslations('form');
  const [state, formAction] = useActionState(grantLeaseAction, initial);
  const { result, values } = state;
  const fieldError = useFieldError(result);
  const changes = useChanges();
  const [draft, setDraft] = useState(values);
  const commands = [grantCommand(draft.ttl ?? '')];
  if (draft.key) commands.push(attachCommand(null, draft.key, draft.value ?? ''));

  useEffect(() => {
    if (result?.ok) onGranted(result.data.id);
  }, [result, onGranted]);

  return (
    <form
      action={formAction}
      noValidate
      className="panel form"
      aria-labelledby="grant-heading"
      onInput={(e) => setDraft(formValues(e.currentTarget))}
    >
      <h2 id="grant-heading">{t('heading')}</h2>
      <div className="fields">
        <Field
          label={t('ttl')}
          id="grant-ttl"
          name="ttl"
          inputMode="numeric"
          defaultValue={values.ttl}
          error={fieldError('ttl')}
          hint={t('ttlHint')}
        />
        <Field
          label={tf('key')}
          id="grant-key"
          name="key"
          defaultValue={values.key}
          error={fieldError('key')}
          hint={t('keyHint')}
        />
        <Field
          label={tf('value')}
          id="grant-value"
          name="value"
          defaultValue={values.value}
          error={fieldError('value')}
        />
      </div>
      <SubmitButton pendingText={t('pending')} blocked={changes.why}>
        {t('submit')}
      </SubmitButton>
      <FormStatus
        result={result}
        describe={(r: GrantResult) =>
          t('granted', {
            id: r.id,
            ttl: r.grantedTTL,
            hasKey: r.key ? 'yes' : 'no',
            key: r.key ?? '',
            clamped: r.grantedTTL === r.requestedTTL ? 'no' : 'yes',
            requested: r.requestedTTL,
            bound: r.grantedTTL > r.requestedTTL ? 'min' : 'max',
          })
        }
      />
      <CommandList commands={commands} title={tf('sameFromShell')} />
    </form>
  );
}

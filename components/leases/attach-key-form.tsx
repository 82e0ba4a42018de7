'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { attachKeyAction } from '@/app/actions';
import type { FormState } from '@/lib/shared/action-result';
import { attachCommand } from '@/lib/shared/etcdctl';
import { parseLeaseId } from '@/lib/shared/lease-id';
import { Field } from '@/components/ui/field';
import { FormStatus, useFieldError } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { useChanges } from '@/components/access/access-context';
import { CommandList } from '@/components/leases/command-list';
import { formValues } from '@/components/leases/form-values';
import type { AttachResult } from '@/lib/shared/contract-actions';

const initial: FormState<AttachResult> = {
  result: null,
  values: { leaseId: '', key: '', value: '' },
};

/** Put a key with an existing lease (`etcdctl put --lease=ID KEY VALUE`). */
export function AttachKeyForm({
  leaseId,
  onAttached,
}: {
  leaseId: string | null;
  onAttached: () => void;
}) {
  const t = useTranslations('attach');
  const tf = useTranslations('form');
  const [state, formAction] = useActionState(attachKeyAction, initial);
  const { result, values } = state;
  const fieldError = useFieldError(result);
  const changes = useChanges();

  // The lease ID follows the lease selected in the list while the field is empty or still holds the
  // ID it last put there. Anything else was typed, perhaps before the page could listen, and stays.
  const idInput = useRef<HTMLInputElement>(null);
  const followed = useRef(leaseId ?? '');
  const [draft, setDraft] = useState<Record<string, string>>({ ...values, leaseId: leaseId ?? '' });
  useEffect(() => {
    const input = idInput.current;
    if (!input) return;
    if (leaseId && (input.value === '' || input.value === followed.current)) {
      input.value = leaseId;
      followed.current = leaseId;
    }
    // The commands beside the form show what the fields hold, typing before hydration included.
    if (input.form) setDraft(formValues(input.form));
  }, [leaseId]);
  const commandId = parseLeaseId(draft.leaseId ?? '')?.hex ?? '<ID>';

  useEffect(() => {
    if (result?.ok) onAttached();
  }, [result, onAttached]);

  return (
    <form
      action={formAction}
      noValidate
      className="panel form"
      aria-labelledby="attach-heading"
      onInput={(e) => setDraft(formValues(e.currentTarget))}
    >
      <h2 id="attach-heading">{t('heading')}</h2>
      <div className="fields">
        <Field
          ref={idInput}
          label={tf('leaseId')}
          id="attach-leaseId"
          name="leaseId"
          defaultValue={values.leaseId || leaseId || ''}
          error={fieldError('leaseId')}
          placeholder="694d9a1b2c3d4e5f"
          spellCheck={false}
        />
        <Field
          label={tf('key')}
          id="attach-key"
          name="key"
          defaultValue={values.key}
          error={fieldError('key')}
        />
        <Field
          label={tf('value')}
          id="attach-value"
          name="value"
          defaultValue={values.value}
          error={fieldError('value')}
        />
      </div>
      <SubmitButton pendingText={t('pending')} blocked={changes.why}>
        {t('submit')}
      </SubmitButton>
      <FormStatus result={result} describe={(d) => t('attached', { key: d.key, id: d.id })} />
      <CommandList
        commands={[attachCommand(commandId, draft.key || '/service/self', draft.value ?? '')]}
        title={tf('sameFromShell')}
      />
    </form>
  );
}

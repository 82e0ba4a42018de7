'use client';

import { useActionState, useEffect } from 'react';
import { attachKeyAction } from '@/app/actions';
import type { FormState } from '@/lib/action-types';
import type { AttachResult } from '@/lib/leases';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

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
  const [state, formAction] = useActionState(attachKeyAction, initial);
  const { result, values } = state;
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  useEffect(() => {
    if (result?.ok) onAttached();
  }, [result, onAttached]);

  return (
    <form action={formAction} noValidate className="panel form" aria-labelledby="attach-heading">
      <h2 id="attach-heading">Attach a key to a lease</h2>
      <div className="fields">
        <Field
          // Follow the selected lease until the user has typed an ID of their own.
          key={values.leaseId ? 'typed' : (leaseId ?? 'none')}
          label="Lease ID"
          id="attach-leaseId"
          name="leaseId"
          defaultValue={values.leaseId || leaseId || ''}
          error={errors?.leaseId}
          placeholder="694d9a1b2c3d4e5f"
          spellCheck={false}
        />
        <Field
          label="Key"
          id="attach-key"
          name="key"
          defaultValue={values.key}
          error={errors?.key}
        />
        <Field
          label="Value"
          id="attach-value"
          name="value"
          defaultValue={values.value}
          error={errors?.value}
        />
      </div>
      <SubmitButton pendingText="Attaching...">Attach key</SubmitButton>
      <p
        className={`status ${result?.ok === false ? 'error' : ''}`}
        aria-live="polite"
        role="status"
      >
        {result &&
          (result.ok ? `Put ${result.data.key} with lease ${result.data.id}.` : result.error)}
      </p>
    </form>
  );
}

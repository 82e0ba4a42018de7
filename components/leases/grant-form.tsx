'use client';

import { useActionState, useEffect, useState } from 'react';
import { grantLeaseAction } from '@/app/actions';
import type { FormState } from '@/lib/shared/action-result';
import { attachCommand, grantCommand } from '@/lib/shared/etcdctl';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
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
  const [state, formAction] = useActionState(grantLeaseAction, initial);
  const { result, values } = state;
  const errors = result && !result.ok ? result.fieldErrors : undefined;
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
      <h2 id="grant-heading">Grant a lease</h2>
      <div className="fields">
        <Field
          label="TTL (seconds)"
          id="grant-ttl"
          name="ttl"
          inputMode="numeric"
          defaultValue={values.ttl}
          error={errors?.ttl}
          hint="etcd grants at least 2 s"
        />
        <Field
          label="Key"
          id="grant-key"
          name="key"
          defaultValue={values.key}
          error={errors?.key}
          hint="optional"
        />
        <Field
          label="Value"
          id="grant-value"
          name="value"
          defaultValue={values.value}
          error={errors?.value}
        />
      </div>
      <SubmitButton pendingText="Granting..." blocked={changes.why}>
        Grant lease
      </SubmitButton>
      <FormStatus result={result} describe={grantedMessage} />
      <CommandList commands={commands} title="The same from etcdctl or Go" />
    </form>
  );
}

function grantedMessage(r: GrantResult): string {
  const what = `Granted lease ${r.id} with TTL ${r.grantedTTL} s${r.key ? ` and put ${r.key} on it` : ''}.`;
  if (r.grantedTTL === r.requestedTTL) return what;
  return `${what} You asked for ${r.requestedTTL} s; etcd granted ${r.grantedTTL} s (${
    r.grantedTTL > r.requestedTTL ? 'its minimum TTL' : 'its maximum TTL'
  }).`;
}

'use client';

import { useState, useTransition } from 'react';
import { previewPrefixRevokeAction, revokePrefixAction } from '@/app/actions';
import { useChanges } from '@/components/access/access-context';
import { Field } from '@/components/ui/field';
import { plural } from '@/lib/shared/words';
import type { PrefixPreview } from '@/lib/shared/contract-holdings';

/** How many previewed leases are listed by ID; the counts cover them all. */
const LISTED = 20;

type Status = { ok: boolean; text: string; field?: Record<string, string> } | null;

/**
 * Revoke every lease that holds a key under a prefix: a preview first (how many leases and keys,
 * and which leases also hold keys elsewhere), then a confirmation that takes exactly those leases.
 */
export function PrefixRevoke({ onChanged }: { onChanged: () => void }) {
  const changes = useChanges();
  const [prefix, setPrefix] = useState('');
  const [count, setCount] = useState('');
  const [preview, setPreview] = useState<PrefixPreview | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [pending, startTransition] = useTransition();

  const ask = () =>
    startTransition(async () => {
      const result = await previewPrefixRevokeAction({ prefix });
      setPreview(result.ok ? result.data : null);
      setCount('');
      setStatus(result.ok ? null : { ok: false, text: result.error, field: result.fieldErrors });
    });

  const confirm = (shown: PrefixPreview) =>
    startTransition(async () => {
      const typed = count.trim() === '' ? undefined : Number(count);
      const result = await revokePrefixAction({
        prefix: shown.prefix,
        token: shown.token,
        ...(typed === undefined || Number.isNaN(typed) ? {} : { count: typed }),
      });
      if (!result.ok) {
        setStatus({ ok: false, text: result.error, field: result.fieldErrors });
        return;
      }
      const { revoked, alreadyGone, failed } = result.data;
      setPreview(null);
      setStatus({
        ok: failed.length === 0,
        text:
          `Revoked ${plural(revoked.length, 'lease')} under ${shown.prefix}` +
          (alreadyGone.length ? `; ${plural(alreadyGone.length, 'lease')} had already gone` : '') +
          (failed.length
            ? `; ${failed.length} failed: ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`
            : ''),
      });
      onChanged();
    });

  return (
    <details className="panel prefix-revoke">
      <summary>Revoke by key prefix</summary>
      <form
        aria-label="Revoke by key prefix"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <Field
          label="Key prefix"
          name="prefix"
          id="prefix-revoke-prefix"
          value={prefix}
          placeholder="/services/web/"
          spellCheck={false}
          autoComplete="off"
          hint="Every lease with a key under it is revoked, with all its keys. A preview comes first."
          error={status?.field?.prefix}
          onChange={(e) => {
            setPrefix(e.target.value);
            setPreview(null);
          }}
        />
        <button
          type="submit"
          disabled={pending || !changes.allowed}
          title={changes.why ?? undefined}
        >
          Preview
        </button>
      </form>
      {preview && <PreviewOf preview={preview} />}
      {preview && preview.leases.length > 0 && (
        <div className="stage-actions">
          {preview.countRequired && (
            <Field
              label={`Type ${preview.leases.length} to revoke every lease under ${preview.prefix}`}
              name="count"
              id="prefix-revoke-count"
              inputMode="numeric"
              value={count}
              error={status?.field?.count}
              onChange={(e) => setCount(e.target.value)}
            />
          )}
          <button
            type="button"
            className="danger"
            disabled={pending || !changes.allowed}
            onClick={() => confirm(preview)}
          >
            Revoke {plural(preview.leases.length, 'lease')}
          </button>
        </div>
      )}
      <p className={`row-status${status?.ok === false ? ' error' : ''}`} role="status">
        {pending ? 'Working...' : status?.text}
      </p>
    </details>
  );
}

function PreviewOf({ preview }: { preview: PrefixPreview }) {
  const { leases } = preview;
  if (leases.length === 0)
    return <p data-testid="prefix-preview">No lease holds a key under {preview.prefix}.</p>;
  const elsewhere = leases.filter((l) => l.keysOutside > 0);
  return (
    <div data-testid="prefix-preview">
      <p>
        Takes {plural(leases.length, 'lease')} and the {plural(preview.keysInPrefix, 'key')} they
        hold under <code>{preview.prefix}</code>
        {elsewhere.length > 0
          ? `. ${elsewhere.length === 1 ? 'One of them also holds' : `${elsewhere.length} of them also hold`} ${plural(preview.keysOutside, 'key')} outside it, which etcd deletes too.`
          : '.'}
      </p>
      <ul className="keys" aria-label="Leases the revoke takes">
        {leases.slice(0, LISTED).map((l) => (
          <li key={l.id}>
            <code>{l.id}</code>: {plural(l.keysInPrefix, 'key')} under the prefix
            {l.keysOutside > 0 && (
              <>
                , and {plural(l.keysOutside, 'key')} outside it (
                {l.outsideSample.map((k) => (
                  <code key={k}>{k} </code>
                ))}
                {l.keysOutside > l.outsideSample.length ? '...' : ''})
              </>
            )}
          </li>
        ))}
        {leases.length > LISTED && <li className="muted">and {leases.length - LISTED} more</li>}
      </ul>
    </div>
  );
}

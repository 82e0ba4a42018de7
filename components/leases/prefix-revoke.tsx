'use client';

import { useState, useTransition, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { previewPrefixRevokeAction, revokePrefixAction } from '@/app/actions';
import { useChanges } from '@/components/access/access-context';
import { Field } from '@/components/ui/field';
import { useFieldError } from '@/components/ui/form-status';
import { useInWords } from '@/components/ui/problem';
import type { ActionResult } from '@/lib/shared/action-result';
import type { PrefixPreview } from '@/lib/shared/contract-holdings';

/** How many previewed leases are listed by ID; the counts cover them all. */
const LISTED = 20;

/** The last answer: a result to say, or the failed action's result (its field errors too). */
type Status = { ok: boolean; text: string; failure?: ActionResult<unknown> } | null;

/**
 * Revoke every lease that holds a key under a prefix: a preview first (how many leases and keys,
 * and which leases also hold keys elsewhere), then a confirmation that takes exactly those leases.
 */
export function PrefixRevoke({ onChanged }: { onChanged: () => void }) {
  const t = useTranslations('prefixRevoke');
  const tr = useTranslations();
  const words = useInWords();
  const changes = useChanges();
  const [prefix, setPrefix] = useState('');
  const [count, setCount] = useState('');
  const [preview, setPreview] = useState<PrefixPreview | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [pending, startTransition] = useTransition();
  const fieldError = useFieldError(status?.failure ?? null);

  const ask = () =>
    startTransition(async () => {
      const result = await previewPrefixRevokeAction({ prefix });
      setPreview(result.ok ? result.data : null);
      setCount('');
      setStatus(result.ok ? null : { ok: false, text: words(result), failure: result });
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
        setStatus({ ok: false, text: words(result), failure: result });
        return;
      }
      const { revoked, alreadyGone, failed } = result.data;
      setPreview(null);
      setStatus({
        ok: failed.length === 0,
        text: t('revoked', {
          revoked: revoked.length,
          prefix: shown.prefix,
          gone: alreadyGone.length,
          failed: failed.length,
          failures: failed.map((f) => `${f.id}: ${words(f.error)}`).join('; '),
        }),
      });
      onChanged();
    });

  return (
    <details className="panel prefix-revoke">
      <summary>{t('heading')}</summary>
      <form
        aria-label={t('heading')}
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <Field
          label={t('prefix')}
          name="prefix"
          id="prefix-revoke-prefix"
          value={prefix}
          placeholder="/services/web/"
          spellCheck={false}
          autoComplete="off"
          hint={t('hint')}
          error={fieldError('prefix')}
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
          {t('preview')}
        </button>
      </form>
      {preview && <PreviewOf preview={preview} />}
      {preview && preview.leases.length > 0 && (
        <div className="stage-actions">
          {preview.countRequired && (
            <Field
              label={t('typeCount', { count: preview.leases.length, prefix: preview.prefix })}
              name="count"
              id="prefix-revoke-count"
              inputMode="numeric"
              value={count}
              error={fieldError('count')}
              onChange={(e) => setCount(e.target.value)}
            />
          )}
          <button
            type="button"
            className="danger"
            disabled={pending || !changes.allowed}
            onClick={() => confirm(preview)}
          >
            {t('confirm', { count: preview.leases.length })}
          </button>
        </div>
      )}
      <p className={`row-status${status?.ok === false ? ' error' : ''}`} role="status">
        {pending ? tr('common.working') : status?.text}
      </p>
    </details>
  );
}

function PreviewOf({ preview }: { preview: PrefixPreview }) {
  const t = useTranslations('prefixRevoke');
  const { leases } = preview;
  if (leases.length === 0)
    return <p data-testid="prefix-preview">{t('nothing', { prefix: preview.prefix })}</p>;
  const elsewhere = leases.filter((l) => l.keysOutside > 0);
  const code = (c: ReactNode) => <code>{c}</code>;
  return (
    <div data-testid="prefix-preview">
      <p>
        {t.rich('takes', {
          leases: leases.length,
          keys: preview.keysInPrefix,
          prefix: preview.prefix,
          elsewhere: elsewhere.length,
          outside: preview.keysOutside,
          code,
        })}
      </p>
      <ul className="keys" aria-label={t('listLabel')}>
        {leases.slice(0, LISTED).map((l) => (
          <li key={l.id}>
            {t.rich('item', {
              id: l.id,
              inPrefix: l.keysInPrefix,
              outside: l.keysOutside,
              code,
              samples: () => (
                <>
                  {l.outsideSample.map((k) => (
                    <code key={k}>{k} </code>
                  ))}
                  {l.keysOutside > l.outsideSample.length ? '...' : ''}
                </>
              ),
            })}
          </li>
        ))}
        {leases.length > LISTED && (
          <li className="muted">{t('more', { count: leases.length - LISTED })}</li>
        )}
      </ul>
    </div>
  );
}

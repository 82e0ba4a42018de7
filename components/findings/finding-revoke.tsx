'use client';

import { useState, useTransition, type ReactNode } from 'react';
import { useSWRConfig } from 'swr';
import { useTranslations } from 'next-intl';
import { useChanges } from '@/components/access/access-context';
import { useInWords } from '@/components/ui/problem';
import type { ActionResult } from '@/lib/shared/action-result';
import type { FindingKind, FindingRevokePreview } from '@/lib/shared/contract-findings';
import { MAX_FINDING_EXAMPLES } from '@/lib/shared/contract-findings';
import type { RevokedLeases } from '@/lib/shared/contract-holdings';

/**
 * The two server actions, passed down from the page (a server component), so this file does not
 * depend on where they are exported from.
 */
export type FindingActions = {
  preview: (input: { kind: FindingKind }) => Promise<ActionResult<FindingRevokePreview>>;
  revoke: (input: { kind: FindingKind; token: string }) => Promise<ActionResult<RevokedLeases>>;
};

/** What an action did, in words; `ok` false shows it as an error. */
export type RevokeStatus = { ok: boolean; text: string };

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour12: false });

/**
 * Revoke the leases a finding names, as the revoke by prefix does: a preview first (how many leases
 * and keys), then a confirmation that takes exactly the previewed leases (its token says which).
 */
export function FindingRevoke({
  kind,
  actions,
  onDone,
}: {
  kind: FindingKind;
  actions: FindingActions;
  /** what the revoke did, for the page to say: this part goes once its finding clears */
  onDone: (status: RevokeStatus) => void;
}) {
  const t = useTranslations('findings.revoke');
  const tr = useTranslations();
  const words = useInWords();
  const changes = useChanges();
  const { mutate } = useSWRConfig();
  const [preview, setPreview] = useState<FindingRevokePreview | null>(null);
  const [status, setStatus] = useState<RevokeStatus | null>(null);
  const [pending, startTransition] = useTransition();

  const ask = () =>
    startTransition(async () => {
      const result = await actions.preview({ kind });
      setPreview(result.ok ? result.data : null);
      setStatus(result.ok ? null : { ok: false, text: words(result) });
    });

  const confirm = (shown: FindingRevokePreview) =>
    startTransition(async () => {
      const result = await actions.revoke({ kind: shown.kind, token: shown.token });
      if (!result.ok) {
        setStatus({ ok: false, text: words(result) });
        return;
      }
      const { revoked, alreadyGone, failed } = result.data;
      setPreview(null);
      setStatus(null);
      onDone({
        ok: failed.length === 0,
        text: t('revoked', {
          revoked: revoked.length,
          gone: alreadyGone.length,
          failed: failed.length,
          failures: failed.map((f) => `${f.id}: ${words(f.error)}`).join('; '),
        }),
      });
      // The findings, the lease list and the details all change: read them again now.
      void mutate((key) => typeof key === 'string' && key.includes('/api/'));
    });

  return (
    <details className="finding-revoke">
      <summary>{t('heading')}</summary>
      <p className="muted small">{t('hint')}</p>
      <button
        type="button"
        onClick={ask}
        disabled={pending || !changes.allowed}
        title={changes.why ?? undefined}
      >
        {t('preview')}
      </button>
      {preview && <PreviewOf preview={preview} />}
      {preview && preview.leases.length > 0 && (
        <div className="stage-actions">
          <button
            type="button"
            className="danger"
            disabled={pending || !changes.allowed}
            title={changes.why ?? undefined}
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

function PreviewOf({ preview }: { preview: FindingRevokePreview }) {
  const t = useTranslations('findings.revoke');
  const { leases } = preview;
  if (leases.length === 0) return <p data-testid="finding-preview">{t('nothing')}</p>;
  const code = (c: ReactNode) => <code>{c}</code>;
  return (
    <div data-testid="finding-preview">
      <p>{t('takes', { leases: leases.length, keys: preview.keys })}</p>
      <ul className="keys" aria-label={t('listLabel')}>
        {leases.slice(0, MAX_FINDING_EXAMPLES).map((l) => (
          <li key={l.id}>{t.rich('item', { id: l.id, keys: l.keys, code })}</li>
        ))}
        {leases.length > MAX_FINDING_EXAMPLES && (
          <li className="muted">{t('more', { count: leases.length - MAX_FINDING_EXAMPLES })}</li>
        )}
      </ul>
      <p className="muted small">{t('expires', { time: time(preview.expiresAt) })}</p>
    </div>
  );
}

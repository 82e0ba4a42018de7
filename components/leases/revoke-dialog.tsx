'use client';

import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { revokeConsequences } from '@/lib/shared/holdings';
import { keyCountOf } from '@/lib/shared/lease-view';
import type { LeaseView } from '@/lib/shared/contract';

type Props = {
  lease: LeaseView;
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
};

/** Asks before a revoke, saying first what it breaks: its keys, a lock, a leadership. */
export function RevokeDialog({ lease, open, onCancel, onConfirm }: Props) {
  const t = useTranslations('revokeDialog');
  const tr = useTranslations();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  const holding = lease.holding ?? null;
  return (
    <dialog ref={dialog} aria-label={t('label')} onClose={onCancel}>
      <p>{t.rich('question', { id: lease.id, code: (c) => <code>{c}</code> })}</p>
      <ul data-testid="revoke-consequences">
        {revokeConsequences(holding, keyCountOf(lease), tr).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <button
        type="button"
        className="danger"
        onClick={() => {
          onCancel();
          onConfirm();
        }}
      >
        {t('revoke')}
      </button>{' '}
      <button type="button" onClick={onCancel} autoFocus>
        {t('cancel')}
      </button>
    </dialog>
  );
}

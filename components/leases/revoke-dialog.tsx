'use client';

import { useEffect, useRef } from 'react';
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
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  const holding = lease.holding ?? null;
  return (
    <dialog ref={dialog} aria-label="Revoke this lease?" onClose={onCancel}>
      <p>
        Revoke lease <code>{lease.id}</code>? etcd deletes it at once. This:
      </p>
      <ul data-testid="revoke-consequences">
        {revokeConsequences(holding, keyCountOf(lease)).map((line) => (
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
        Revoke
      </button>{' '}
      <button type="button" onClick={onCancel} autoFocus>
        Cancel
      </button>
    </dialog>
  );
}

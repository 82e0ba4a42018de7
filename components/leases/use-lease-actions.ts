'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { renewLeaseAction, revokeLeaseAction, setKeepAliveAction } from '@/app/actions';
import type { LeaseView } from '@/lib/shared/contract';
import { useInWords } from '@/components/ui/problem';

export type ActionStatus = { ok: boolean; text: string } | null;

/** Renew once, revoke and the keep-alive switch for one lease, with one status line for all. */
export function useLeaseActions(lease: LeaseView, onChanged: () => void) {
  const t = useTranslations('leaseActions');
  const words = useInWords();
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<ActionStatus>(null);

  const renew = () =>
    startTransition(async () => {
      const result = await renewLeaseAction({ leaseId: lease.id });
      setStatus(
        result.ok
          ? {
              ok: true,
              text: t('renewed', { before: result.data.before, after: result.data.after }),
            }
          : { ok: false, text: words(result) },
      );
      onChanged();
    });

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeLeaseAction({ leaseId: lease.id });
      setStatus(
        result.ok
          ? { ok: true, text: t('revoked', { count: result.data.deletedKeyCount }) }
          : { ok: false, text: words(result) },
      );
      onChanged();
    });

  const toggleKeepAlive = () =>
    startTransition(async () => {
      const on = !(lease.keepAlive?.on ?? false);
      const result = await setKeepAliveAction({
        leaseId: lease.id,
        on,
        schedule: lease.keepAlive?.schedule ?? 'third',
      });
      setStatus(
        result.ok
          ? { ok: true, text: on ? t('keepAliveOn') : t('keepAliveOff') }
          : { ok: false, text: words(result) },
      );
      onChanged();
    });

  return { pending, status, renew, revoke, toggleKeepAlive };
}

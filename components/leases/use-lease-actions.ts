'use client';

import { useState, useTransition } from 'react';
import { renewLeaseAction, revokeLeaseAction, setKeepAliveAction } from '@/app/actions';
import type { LeaseView } from '@/lib/shared/contract';
import { plural } from '@/lib/shared/words';

export type ActionStatus = { ok: boolean; text: string } | null;

/** Renew once, revoke and the keep-alive switch for one lease, with one status line for all. */
export function useLeaseActions(lease: LeaseView, onChanged: () => void) {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<ActionStatus>(null);

  const renew = () =>
    startTransition(async () => {
      const result = await renewLeaseAction({ leaseId: lease.id });
      setStatus(
        result.ok
          ? { ok: true, text: `Renewed: ${result.data.before} s -> ${result.data.after} s` }
          : { ok: false, text: result.error },
      );
      onChanged();
    });

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeLeaseAction({ leaseId: lease.id });
      setStatus(
        result.ok
          ? {
              ok: true,
              text: `Revoked; etcd deleted ${plural(result.data.deletedKeyCount, 'key')}`,
            }
          : { ok: false, text: result.error },
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
          ? { ok: true, text: on ? 'Keep-alive switched on' : 'Keep-alive switched off' }
          : { ok: false, text: result.error },
      );
      onChanged();
    });

  return { pending, status, renew, revoke, toggleKeepAlive };
}

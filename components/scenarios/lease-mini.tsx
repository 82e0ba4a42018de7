'use client';

import { useTranslations } from 'next-intl';
import { CountdownBar } from '@/components/leases/countdown-bar';
import { LeaseChart } from '@/components/leases/lease-chart';
import { useLeaseDetail, useNow } from '@/components/leases/use-leases';
import { grantedOf, readAtOf, remainingOf, secondsOf, statusWord } from '@/lib/shared/lease-view';

/** A lease's countdown (and, if asked, its chart), live. */
export function LeaseMini({ id, chart = false }: { id: string; chart?: boolean }) {
  const t = useTranslations();
  const { data } = useLeaseDetail(id);
  const now = useNow();
  if (!data) return null;
  const lease = data.lease;
  const at = now === null ? (readAtOf(lease) ?? data.now) : now + data.clockOffset;
  const alive = lease.status === 'alive';
  const seconds = secondsOf(lease, at);
  return (
    <div className="lease-mini">
      <p>
        {t.rich('leaseMini.lease', {
          id,
          code: (c) => <code>{c}</code>,
          state: () =>
            alive ? (
              t('countdown.left', { seconds, granted: lease.grantedTTL })
            ) : (
              <span className={`badge badge-${lease.status}`}>{statusWord(lease.status, t)}</span>
            ),
        })}
      </p>
      <CountdownBar
        leaseId={id}
        remaining={remainingOf(lease, at)}
        seconds={seconds}
        grantedTTL={grantedOf(lease) ?? 0}
        expired={!alive}
      />
      {chart && <LeaseChart history={data.history} events={data.events} />}
    </div>
  );
}

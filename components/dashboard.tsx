'use client';

import { useCallback, useState } from 'react';
import type { LeasesResponse } from '@/lib/types';
import { EtcdBanner } from './cluster/etcd-banner';
import { AttachKeyForm } from './leases/attach-key-form';
import { GrantForm } from './leases/grant-form';
import { LeaseDetail } from './leases/lease-detail';
import { LeaseTable } from './leases/lease-table';
import { useLeases, useNow } from './leases/use-leases';

/** The whole page's live part: one poll of /api/leases feeds everything on it. */
export function Dashboard({ initial }: { initial: LeasesResponse }) {
  const { data, error, mutate, isValidating } = useLeases(initial);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const now = useNow();
  const serverNow = now === null || !data ? null : now + data.clockOffset;

  const refresh = useCallback(() => void mutate(), [mutate]);
  const onGranted = useCallback(
    (id: string) => {
      setSelectedId(id);
      void mutate();
    },
    [mutate],
  );

  const leases = data?.leases ?? [];
  const shown = selectedId ?? leases.find((l) => l.status === 'alive')?.id ?? null;
  const alive = leases.filter((l) => l.status === 'alive').length;

  return (
    <>
      <EtcdBanner etcd={data?.etcd} serverError={error ? String(error.message) : undefined} />
      <div className="grid">
        <GrantForm onGranted={onGranted} />
        <AttachKeyForm leaseId={shown} onAttached={refresh} />
      </div>
      <section className="panel" aria-labelledby="leases-heading">
        <div className="panel-head">
          <h2 id="leases-heading">Leases</h2>
          <p className="muted small">
            {alive} alive, {leases.length - alive} recently gone
            <span className={`poll-dot${isValidating ? ' busy' : ''}`} aria-hidden="true" />
          </p>
        </div>
        <LeaseTable
          leases={leases}
          now={serverNow}
          selectedId={shown}
          onSelect={setSelectedId}
          onChanged={refresh}
        />
      </section>
      <LeaseDetail id={shown} />
    </>
  );
}

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { AccessView, LeaseEvent, LeasesResponse } from '@/lib/types';
import { AccessNotice } from './access/access-notice';
import { ChangesProvider, changesFor } from './access/access-context';
import { ClusterPanel } from './cluster/cluster-panel';
import { EtcdBanner } from './cluster/etcd-banner';
import { EventLogPanel } from './events/event-log-panel';
import { useLeaseEvents } from './events/use-lease-events';
import { AttachKeyForm } from './leases/attach-key-form';
import { GrantForm } from './leases/grant-form';
import { LeaseDetail } from './leases/lease-detail';
import { LeaseTable } from './leases/lease-table';
import { useLeases, useNow } from './leases/use-leases';

/** A burst of events (a lease's keys deleted together) causes one re-read, this long after the first. */
const EVENT_REFRESH_MS = 50;

/**
 * The whole page's live part: one poll of /api/leases feeds everything on it, and every event the
 * server pushes re-reads it at once, so a deleted key or an expiry shows within a fraction of a
 * second instead of on the next poll. Keep-alive renewals are left to the poll: there can be many.
 */
export function Dashboard({ initial, access }: { initial: LeasesResponse; access: AccessView }) {
  const { data, error, mutate, isValidating } = useLeases(initial);
  const { mutate: mutateKey } = useSWRConfig();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  const onEvent = useCallback(
    (event: LeaseEvent) => {
      if (event.kind === 'lease-kept-alive' || pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void mutateKey((key) => typeof key === 'string' && key.startsWith('/api/'));
      }, EVENT_REFRESH_MS);
    },
    [mutateKey],
  );
  const { events, connected } = useLeaseEvents(onEvent);
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
    <ChangesProvider value={changesFor(access)}>
      <AccessNotice access={access} />
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
      <EventLogPanel events={events} connected={connected} leaseIds={leases.map((l) => l.id)} />
      <ClusterPanel />
    </ChangesProvider>
  );
}
